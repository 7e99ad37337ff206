import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const APP = join(__dirname, '..', '..', 'test-fixtures', 'lifecycle-app.mts');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runToEnd(env: Record<string, string>) {
  return spawnSync(process.execPath, [APP], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** The status of `url` once it answers, or of the last try when `timeoutMs` passes (0: never answered). */
async function untilReady(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const lines = (output: string) => output.split('\n').filter((line) => line.length > 0);

describe('runApp, the skeleton every app starts from', () => {
  it('exits 78 with the invalid variable named, before starting anything', () => {
    const result = runToEnd({ OPS_PORT: 'eighty' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/OPS_PORT: expected a port number/);
    expect(lines(result.stdout)).toEqual([]);
  });

  it('serves /metrics and /health, then on SIGTERM reports not ready and stops intake, drains and disconnects in that order, exiting 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [APP], {
      env: { PATH: process.env.PATH ?? '', OPS_PORT: String(port), MODE: 'serve' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // The ops server listens after the bootstrap hooks have run: wait for it, not for a line.
      const ready = await untilReady(`http://127.0.0.1:${port}/health/ready`, 15_000);
      expect(ready).toBe(200);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(await metrics.text()).toMatch(/process_cpu_seconds_total\{app="lifecycle-app"\}/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines(stdout)).toEqual(['init', 'bootstrap', 'stop intake', 'drain', 'disconnect']);
    } finally {
      // A failed expectation must not leave the app running: Jest would wait for it forever.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('ends with exit code 1 after a graceful shutdown when a provider asks AppControl to fail', async () => {
    const result = runToEnd({ OPS_PORT: String(await freePort()), MODE: 'fail' });
    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toEqual([
      'init',
      'bootstrap',
      'stop intake',
      'drain',
      'disconnect',
    ]);
  });

  it('runs a command after start-up, then shuts down: 0 when it succeeds, 1 naming the error when it fails', async () => {
    const ok = runToEnd({ OPS_PORT: String(await freePort()), MODE: 'command-ok' });
    expect(ok.status).toBe(0);
    expect(lines(ok.stdout)).toEqual([
      'init',
      'bootstrap',
      'command',
      'stop intake',
      'drain',
      'disconnect',
    ]);
    const failed = runToEnd({ OPS_PORT: String(await freePort()), MODE: 'command-fail' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/lifecycle-app: Error: the command broke/);
    expect(lines(failed.stdout)).toContain('disconnect');
  });

  it('fails to start with exit code 1 and the reason when its ops port is taken', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = runToEnd({ OPS_PORT: String(port), MODE: 'serve' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/lifecycle-app failed to start: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
