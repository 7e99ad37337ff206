import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sinkEnv } from './sink-harness';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** The built sink (dist/main.js) as its own process, the way a container runs it. */
export class SinkProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exitCode: number | null | undefined;

  constructor(
    private readonly env: Record<string, string>,
    readonly opsPort = 20_000 + Math.floor(Math.random() * 10_000),
  ) {}

  start(): void {
    this.exitCode = undefined;
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...sinkEnv({ ...this.env, OPS_PORT: String(this.opsPort) }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.output.push(line);
        if (this.output.length > 2_000) this.output.shift();
      });
    }
    child.on('exit', (code) => {
      this.exitCode = code;
    });
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`sink exited (${this.exitCode}):\n${this.output.slice(-20).join('\n')}`);
      const status = await fetch(`http://127.0.0.1:${this.opsPort}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`sink not ready after ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`);
  }

  /** Sum of a counter's series on this process's /metrics (0 when absent or unreachable). */
  async metric(name: string): Promise<number> {
    const text = await fetch(`http://127.0.0.1:${this.opsPort}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  /** Waits until the process has consumed at least `records` records since it started. */
  async consuming(records: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.metric('tributary_records_in_total')) < records) {
      if (!this.running)
        throw new Error(`sink exited (${this.exitCode}):\n${this.output.slice(-20).join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`sink consumed fewer than ${records} records in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends `signal` and waits for the process to exit; returns its exit code. */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return this.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill(signal);
    const code = await exited;
    this.child = undefined;
    return code;
  }
}
