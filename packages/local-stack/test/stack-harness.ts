import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(__dirname, '..', 'dist', 'cli.js');
export const PIPELINE = join(__dirname, '..', 'dist', 'pipeline.js');
export const TRIBUTARY = join(REPO_ROOT, 'tributary');
/** The replay GitHub (a GH Archive stand-in) as `./tributary run` starts it. */
export const REPLAY_MAIN = join(REPO_ROOT, 'packages', 'github-replay', 'dist', 'main.js');

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      probe.close(() => resolve(true)),
    );
  });
}

/** A port nothing listens on now. */
export function freePortNow(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Seven ports in 29xxx, away from the shared stack's defaults, all free now. */
export async function movedPorts(): Promise<Record<string, string>> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 29_000 + Math.floor(Math.random() * 90) * 10;
    const ports = {
      TRIBUTARY_KAFKA_PORT: base,
      TRIBUTARY_KAFKA_CONTROLLER_PORT: base + 1,
      TRIBUTARY_MINIO_PORT: base + 2,
      TRIBUTARY_MINIO_CONSOLE_PORT: base + 3,
      TRIBUTARY_KINESIS_PORT: base + 4,
      TRIBUTARY_KINESIS_TLS_PORT: base + 5,
      TRIBUTARY_PROMETHEUS_PORT: base + 6,
    };
    const free = await Promise.all(Object.values(ports).map(portFree));
    if (free.every(Boolean)) {
      return Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
    }
  }
  throw new Error('no free block of ports in 29xxx');
}

/**
 * A stack of the test's own: its own folder, and (once started) its own ports, remembered in the
 * folder. The environment has none of the shared stack's variables.
 */
export class TestStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'tributary-int-'));

  /** What every command gets: PATH (the project's Node), HOME, the cache, this stack folder. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      ...(process.env.TRIBUTARY_CACHE_DIR
        ? { TRIBUTARY_CACHE_DIR: process.env.TRIBUTARY_CACHE_DIR }
        : {}),
      TRIBUTARY_STACK_DIR: this.dir,
      ...extra,
    };
  }

  /** Runs the stack CLI (or `./tributary`, with `script`) to its end. */
  cli(
    args: string[],
    extra: Record<string, string> = {},
    options: { script?: boolean; timeoutMs?: number } = {},
  ) {
    const [command, commandArgs] = options.script
      ? [TRIBUTARY, args]
      : [process.execPath, [CLI, ...args]];
    const result = spawnSync(command, commandArgs, {
      env: this.env(extra),
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  stackEnv(): Record<string, string> {
    return Object.fromEntries(
      readFileSync(join(this.dir, 'stack.env'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  /** Writes an apps file for `./tributary run` into the stack folder. */
  appsFile(apps: { name: string; script: string }[]): string {
    const file = join(this.dir, `apps-${Math.random().toString(16).slice(2, 8)}.json`);
    const entries = apps.map(({ name, script }) => {
      const path = join(this.dir, `${name}.js`);
      writeFileSync(path, script);
      return { name, cwd: this.dir, command: [process.execPath, path] };
    });
    writeFileSync(file, JSON.stringify({ apps: entries }, null, 2));
    return file;
  }
}

/** A long-running command (a run) whose output is collected as it comes. */
export class Running {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.lines.push(line));
    }
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
  }

  get text(): string {
    return this.lines.join('\n');
  }

  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    while (!pattern.test(this.text)) {
      if (ended || Date.now() > deadline) {
        throw new Error(`${ended ? 'exited' : 'timed out'} before ${pattern}:\n${this.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  interrupt(): void {
    this.child.kill('SIGINT');
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
