import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LogEntry, SiteStats } from '@tributary/shot-chart-site';
import { waitUntil } from '@tributary/local-stack';

const MAIN = join(__dirname, '..', '..', '..', 'packages', 'shot-chart-site', 'dist', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The fixture site in its own process (so its CPU is not the crawler's), driven by its control API. */
export class SiteProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<SiteProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, SITE_PORT: String(port), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const site = new SiteProcess(child, `http://127.0.0.1:${port}`);
    await waitUntil(
      'the shot-chart site',
      async () => (await fetch(`${site.url}/_control/stats`)).ok,
      {
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
    return site;
  }

  async control<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_control/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok)
      throw new Error(`site control ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  reset(): Promise<unknown> {
    return this.control('reset', {});
  }

  stats(): Promise<SiteStats> {
    return this.control<SiteStats>('stats');
  }

  /** The whole request log since the last reset. */
  async log(): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    let since = 0;
    for (;;) {
      const page = await this.control<{ entries: LogEntry[]; next: number }>(
        `log?since=${since}&limit=50000`,
      );
      entries.push(...page.entries);
      if (page.entries.length === 0) return entries;
      since = page.next;
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve();
        return;
      }
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
