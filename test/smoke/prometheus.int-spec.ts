import { randomUUID } from 'node:crypto';
import { Counter } from 'prom-client';
import {
  addScrapeTarget,
  loadStackConfig,
  removeScrapeTarget,
  stackEndpointsFromEnv,
  waitUntil,
} from '@tributary/local-stack';
import { createMetricsRegistry, startOpsServer, type OpsServer } from '@tributary/runtime';

const { prometheusUrl } = stackEndpointsFromEnv();

interface QueryResponse {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(promql: string): Promise<QueryResponse['data']['result']> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as QueryResponse;
  if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

describe('Prometheus (real server) scraping a packages/runtime /metrics endpoint', () => {
  const job = `smoke-${randomUUID().slice(0, 8)}`;
  const config = loadStackConfig();
  let server: OpsServer;

  beforeAll(async () => {
    const registry = createMetricsRegistry('smoke-app');
    const counter = new Counter({
      name: 'tributary_smoke_events_total',
      help: 'smoke',
      registers: [registry],
    });
    counter.inc(42);
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry });
    addScrapeTarget(config, job, `127.0.0.1:${server.port}`);
  });

  afterAll(async () => {
    removeScrapeTarget(config, job);
    await server.close();
  });

  it('stores the app counter and process metrics with the app label', async () => {
    let samples: QueryResponse['data']['result'] = [];
    await waitUntil(
      'Prometheus has scraped the target',
      async () => {
        samples = await query(`tributary_smoke_events_total{job="${job}"}`);
        return samples.length === 1;
      },
      { timeoutMs: 45_000, intervalMs: 1_000 },
    );
    expect(samples[0]?.value[1]).toBe('42');
    expect(samples[0]?.metric.app).toBe('smoke-app');
    const up = await query(`up{job="${job}"}`);
    expect(up[0]?.value[1]).toBe('1');
    const memory = await query(`process_resident_memory_bytes{job="${job}"}`);
    expect(Number(memory[0]?.value[1])).toBeGreaterThan(1_000_000);
  });
});
