import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics';
import { startOpsServer, type OpsServer } from './ops-server';

describe('ops server', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function get(path: string): Promise<{ status: number; body: string; type: string | null }> {
    const response = await fetch(`http://127.0.0.1:${server?.port}${path}`);
    return {
      status: response.status,
      body: await response.text(),
      type: response.headers.get('content-type'),
    };
  }

  it('serves Prometheus metrics with the app label and default process metrics', async () => {
    const registry = createMetricsRegistry('bronze-sink');
    const counter = new Counter({
      name: 'tributary_records_in_total',
      help: 'records',
      labelNames: ['topic'],
      registers: [registry],
    });
    counter.inc({ topic: 'jobs.postings' }, 3);
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry });
    const { status, body, type } = await get('/metrics');
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(body).toContain('tributary_records_in_total{topic="jobs.postings",app="bronze-sink"} 3');
    expect(body).toContain('process_resident_memory_bytes');
  });

  it('is live while dependencies are down, and ready only when every check passes', async () => {
    let s3Up = false;
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry('t'),
      readinessChecks: [
        { name: 'kafka', check: () => Promise.resolve(true) },
        { name: 's3', check: () => Promise.resolve(s3Up) },
      ],
    });
    expect((await get('/health/live')).status).toBe(200);
    const notReady = await get('/health/ready');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({
      status: 'not-ready',
      checks: [
        { name: 'kafka', ok: true },
        { name: 's3', ok: false },
      ],
    });
    s3Up = true;
    expect((await get('/health/ready')).status).toBe(200);
    server.markShuttingDown();
    expect((await get('/health/ready')).status).toBe(503);
  });

  it('fails a check that throws or hangs instead of hanging the probe', async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry('t'),
      checkTimeoutMs: 50,
      readinessChecks: [
        { name: 'hangs', check: () => new Promise<boolean>(() => undefined) },
        { name: 'throws', check: () => Promise.reject(new Error('connection refused')) },
      ],
    });
    const response = await get('/health/ready');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({
      checks: [
        { name: 'hangs', ok: false, error: 'timed out after 50 ms' },
        { name: 'throws', ok: false, error: 'connection refused' },
      ],
    });
  });

  it('answers 404 for unknown paths', async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetricsRegistry('t'),
    });
    expect((await get('/nope')).status).toBe(404);
  });
});
