import { setTimeout as sleep } from 'node:timers/promises';
import { AppLogFile, tailLines } from './app-log';
import { AppProcess } from './app-process';
import {
  decideAfterExit,
  DEFAULT_RESTART_POLICY,
  describeExit,
  type AppExit,
  type RestartPolicy,
} from './restart-policy';

/** An app as the supervisor runs it: how to start it, and where its output goes. */
export interface SupervisedApp {
  name: string;
  command: readonly [string, ...string[]];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export interface SupervisorOutput {
  /** A line the app printed. */
  line(app: string, text: string): void;
  /** Something the supervisor has to say about an app (an exit, a restart). */
  notice(app: string, text: string): void;
}

/** Why the run has to go down: which app, how it ended, and the exit code the run should end with. */
export interface RunFailure {
  app: string;
  reason: string;
  exitCode: number;
}

export interface AppSummary {
  name: string;
  restarts: number;
  lastExit?: string;
  running: boolean;
}

interface AppState {
  spec: SupervisedApp;
  log: AppLogFile;
  process?: AppProcess;
  restarts: number[];
  lastExit?: AppExit;
}

/** Lines of an app's log shown when it exits unexpectedly. */
const TAIL_LINES = 15;
const START_HEADER = / started: /;

/** The tail's lines written by the last start: after its `--- … started:` header, before the exit line. */
function lastStartTail(tail: readonly string[]): string[] {
  const lines = tail.slice(0, -1);
  const header = lines.findLastIndex((line) => line.startsWith('--- ') && START_HEADER.test(line));
  return lines.slice(header + 1).slice(-TAIL_LINES);
}

/**
 * Starts every app, tees its output to the terminal and to its log file, and watches it: an app that
 * exits without being asked to is reported at once with the reason and the end of its log, then
 * restarted with backoff or, when that cannot help, the run is brought down (`failed` resolves).
 */
export class Supervisor {
  /** Resolves when an app fails in a way the run cannot survive (never rejects). */
  readonly failed: Promise<RunFailure>;
  private fail!: (failure: RunFailure) => void;
  private readonly apps: AppState[];
  private stopping = false;
  private readonly pendingRestarts = new Set<AbortController>();

  constructor(
    apps: readonly SupervisedApp[],
    private readonly output: SupervisorOutput,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  ) {
    this.failed = new Promise((resolve) => {
      this.fail = resolve;
    });
    this.apps = apps.map((spec) => ({ spec, log: new AppLogFile(spec.logFile), restarts: [] }));
  }

  start(): void {
    for (const app of this.apps) this.launch(app);
  }

  private launch(app: AppState): void {
    app.log.write(`--- ${new Date().toISOString()} started: ${app.spec.command.join(' ')}`);
    const child = new AppProcess({
      name: app.spec.name,
      command: app.spec.command,
      cwd: app.spec.cwd,
      env: app.spec.env,
      onLine: (line) => {
        app.log.write(line);
        this.output.line(app.spec.name, line);
      },
    });
    app.process = child;
    void child.exited.then((exit) => this.onExit(app, child, exit));
  }

  private async onExit(app: AppState, child: AppProcess, exit: AppExit): Promise<void> {
    app.lastExit = exit;
    app.log.write(`--- ${new Date().toISOString()} ${describeExit(exit)}`);
    if (this.stopping || app.process !== child) return;
    this.output.notice(
      app.spec.name,
      `${describeExit(exit)} unexpectedly; last lines of its log (${app.spec.logFile}):`,
    );
    // The log file, not the pipe: it holds what the app wrote just before it died, in order; only
    // this start's lines (the file goes on across runs).
    for (const line of lastStartTail(tailLines(app.spec.logFile, TAIL_LINES + 2))) {
      this.output.line(app.spec.name, line);
    }
    const decision = decideAfterExit(exit, app.restarts, Date.now(), this.policy);
    if (decision.action === 'stop-run') {
      this.output.notice(app.spec.name, `not restarted: ${decision.reason}; stopping the run`);
      this.fail({ app: app.spec.name, reason: decision.reason, exitCode: decision.exitCode });
      return;
    }
    this.output.notice(
      app.spec.name,
      `restarting in ${(decision.delayMs / 1000).toFixed(0)} s (restart ${decision.restartsInWindow + 1} of at most ${this.policy.maxRestarts} in ${Math.round(this.policy.windowMs / 60_000)} min)`,
    );
    const wait = new AbortController();
    this.pendingRestarts.add(wait);
    const waited = await sleep(decision.delayMs, true, { signal: wait.signal }).catch(() => false);
    this.pendingRestarts.delete(wait);
    if (!waited || this.stopping) return;
    app.restarts.push(Date.now());
    this.launch(app);
  }

  /** Stops every app (SIGTERM, SIGKILL after `graceMs`), all at once; no restarts from now on. */
  async stopAll(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const wait of this.pendingRestarts) wait.abort();
    await Promise.all(this.apps.map(async (app) => app.process?.stop(graceMs)));
    for (const app of this.apps) app.log.close();
  }

  /** Last resort when the supervisor itself exits: no app may outlive it. */
  killAll(): void {
    for (const app of this.apps) app.process?.kill();
  }

  summary(): AppSummary[] {
    return this.apps.map((app) => ({
      name: app.spec.name,
      restarts: app.restarts.length,
      running: app.process?.running ?? false,
      ...(app.lastExit ? { lastExit: describeExit(app.lastExit) } : {}),
    }));
  }
}
