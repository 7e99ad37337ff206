import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { AppExit } from './restart-policy';

export interface AppProcessOptions {
  name: string;
  command: readonly [string, ...string[]];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Every output line, stdout and stderr alike, as it arrives. */
  onLine: (line: string) => void;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * One start of an app as its own process group (so a Ctrl-C reaches only the supervisor, which then
 * sends the app a single SIGTERM: two signals would make an app skip its graceful drain).
 */
export class AppProcess {
  readonly exited: Promise<AppExit>;
  private readonly child: ChildProcess;
  private exit: AppExit | undefined;

  constructor(options: AppProcessOptions) {
    const [command, ...args] = options.command;
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', options.onLine);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        // The command could not be started at all (missing, not executable): 127/126 as a shell says.
        options.onLine(`could not start ${command}: ${error.message}`);
        this.exit = { code: error.code === 'EACCES' ? 126 : 127, signal: null };
        resolve(this.exit);
      });
      this.child.once('exit', () => {
        // Whatever the app left behind in its group (a child that outlived it) must not hold ports,
        // nor keep its output pipes open.
        if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
      });
      // 'close' comes after the last output line: what the app wrote before dying is all logged.
      this.child.once('close', (code, signal) => {
        this.exit ??= { code, signal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** SIGTERM to the app, SIGKILL to its whole group after `graceMs`; resolves with how it ended. */
  async stop(graceMs: number): Promise<AppExit> {
    if (!this.running || this.child.pid === undefined) return this.exited;
    const pid = this.child.pid;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL to the whole group at once (the supervisor is going away). */
  kill(): void {
    if (this.running && this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
  }
}
