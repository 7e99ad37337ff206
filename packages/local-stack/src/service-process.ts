import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A built service (`dist/main.js`) run as its own process, the way a container runs it, for
 * integration and fault tests: start, wait for /health/ready, read /metrics, signal or kill.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];
  exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly main: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly opsPort = 20_000 + Math.floor(Math.random() * 10_000),
    private readonly args: string[] = [],
    /** Node's own flags, before the script (e.g. V8 heap settings). */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  start(): void {
    this.exitCode = undefined;
    const child = spawn(process.execPath, [...this.nodeArgs, this.main, ...this.args], {
      env: { ...process.env, ...this.env, OPS_PORT: String(this.opsPort) },
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

  /** The last lines of output, for failure messages. */
  tail(lines = 20): string {
    return this.output.slice(-lines).join('\n');
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode}):\n${this.tail()}`);
      const status = await fetch(`http://127.0.0.1:${this.opsPort}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** The process's `/metrics` page (empty when it does not answer). */
  metricsPage(): Promise<string> {
    return fetch(`http://127.0.0.1:${this.opsPort}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
  }

  /** Sum of a metric's series (optionally only those whose labels contain `labelFilter`). */
  async metric(name: string, labelFilter = ''): Promise<number> {
    const text = await this.metricsPage();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .filter((line) => line.includes(labelFilter))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  /** Waits until `metric` reaches `atLeast`; fails early if the process exits. */
  async metricReaches(
    name: string,
    atLeast: number,
    timeoutMs = 60_000,
    labelFilter = '',
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.metric(name, labelFilter)) < atLeast) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode}):\n${this.tail()}`);
      if (Date.now() > deadline) {
        throw new Error(
          `${name} stayed below ${atLeast} for ${timeoutMs} ms (now ${await this.metric(name, labelFilter)}):\n${this.tail()}`,
        );
      }
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

  /** Waits for the process to end by itself (a command that finishes), up to `timeoutMs`. */
  async exited(timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.running) {
      if (Date.now() > deadline)
        throw new Error(`${this.name} still running after ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.exitCode ?? null;
  }
}
