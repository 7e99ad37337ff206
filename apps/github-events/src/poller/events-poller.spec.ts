import { createServer } from 'node:net';
import { Registry } from 'prom-client';
import { KeywordMatcher, loadDefaultKeywordList } from '@tributary/keywords';
import { ReplayServer } from '@tributary/github-replay';
import { createLogger } from '@tributary/runtime';
import { SeenWindow } from '../dedupe/seen-window';
import { EventPipeline } from '../event-pipeline';
import { EventFilter } from '../filter/event-filter';
import { createGithubEventsMetrics } from '../metrics';
import { DeadLetters } from '../publish/dead-letters';
import type { OutgoingRecord } from '../publish/outgoing-record';
import { PublishQueue } from '../publish/publish-queue';
import type { RecordPublisher } from '../publish/record-publisher';
import { EventsClient } from './events-client';
import { EventsPoller } from './events-poller';
import { UpstreamHealth } from './upstream-health';

const logger = createLogger({ app: 'test', level: 'silent' });
const filter = new EventFilter(new KeywordMatcher(loadDefaultKeywordList()));

/** Unit scope: records stop at an in-memory target; the Kafka/Kinesis paths have integration tests. */
class MemoryTarget implements RecordPublisher {
  readonly target = 'kafka';
  readonly maxBatchRecords = 500;
  refusal = () => undefined;
  readonly records: OutgoingRecord[] = [];
  connect = () => Promise.resolve();
  close = () => Promise.resolve();
  publish(records: OutgoingRecord[]): Promise<void> {
    this.records.push(...records);
    return Promise.resolve();
  }
}

async function setup() {
  const server = await new ReplayServer({
    port: 0,
    seed: 11,
    eventsPerSecond: 0,
    initialEvents: 250,
    pollIntervalS: 2,
    rateLimit: 5_000,
    rateLimitWindowS: 3_600,
    archive: { eventsPerHour: 10, badLinesPerHour: 0 },
  }).listen();
  const registry = new Registry();
  const metrics = createGithubEventsMetrics(registry);
  const seen = new SeenWindow(10_000);
  const target = new MemoryTarget();
  const queue = new PublishQueue(target, { capacity: 10_000, logger });
  queue.start();
  const pipeline = new EventPipeline({
    filter,
    seen,
    queues: [queue],
    deadLetters: new DeadLetters('github.events.matched', undefined, logger, () => undefined),
    metrics,
    maxRecordBytes: 1024 * 1024,
    source: 'api',
  });
  const client = new EventsClient(
    { baseUrl: server.url, userAgent: 'test', timeoutMs: 1_000 },
    logger,
    100,
  );
  const health = new UpstreamHealth(300_000);
  const poller = new EventsPoller(
    [client],
    pipeline,
    seen,
    metrics,
    logger,
    { maxPages: 3, minPollIntervalMs: 0, rateLimitMinWaitMs: 60_000, backoffMaxMs: 900_000 },
    health,
  );
  const metric = async (name: string, labels: Record<string, string> = {}) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return values
      .filter((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v))
      .reduce((sum, value) => sum + value.value, 0);
  };
  const expectedMatches = (from: number, to: number) => {
    const ids: string[] = [];
    for (let index = from; index < to; index++) {
      const event = server.timeline.event(index);
      if (filter.match(event)) ids.push(event.id);
    }
    return ids;
  };
  return {
    server,
    poller,
    queue,
    target,
    metric,
    expectedMatches,
    registry,
    pipeline,
    seen,
    metrics,
  };
}

describe('EventsPoller against the replay server', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => (env = await setup()));
  afterEach(async () => {
    await env.queue.stop(1_000);
    await env.server.close();
  });

  it('catches up, saves requests with ETags, pages only to close gaps, never publishes twice', async () => {
    const { server, poller, queue, target, metric, expectedMatches } = env;
    expect(await poller.pollOnce()).toBe(2_000);
    expect(server.stats.byStatus).toEqual({ 200: 3 });

    for (let i = 0; i < 3; i++) await poller.pollOnce();
    expect(server.stats.byStatus).toEqual({ 200: 3, 304: 3 });
    expect(server.stats.conditional).toBe(3);
    expect(await metric('tributary_github_polls_total', { outcome: '304' })).toBe(3);

    server.timeline.advance(20);
    await poller.pollOnce();
    expect(server.stats.byStatus[200]).toBe(4);

    server.timeline.advance(150);
    await poller.pollOnce();
    expect(server.stats.byStatus[200]).toBe(6);
    expect(await metric('tributary_github_gap_pages_total')).toBe(1);
    expect(await metric('tributary_github_gaps_total')).toBe(0);

    server.timeline.advance(400);
    await poller.pollOnce();
    expect(await metric('tributary_github_gaps_total')).toBe(1);

    await queue.flushed();
    const published = target.records.map((record) => record.sourceId);
    expect(new Set(published).size).toBe(published.length);
    // Everything up to the gap was seen, so every match there was published, in timeline order.
    const beforeGap = expectedMatches(0, 420);
    expect(published.slice(0, beforeGap.length)).toEqual(beforeGap);
    expect(beforeGap.length).toBeGreaterThan(50);
    expect(published.length).toBe(beforeGap.length + expectedMatches(520, 820).length);
  });

  it('waits as each rate-limit style says, and backs off on errors', async () => {
    const { server, poller, metric } = env;
    await poller.pollOnce();
    server.addFaults([
      { kind: 'status', status: 429, retryAfterS: 3 },
      { kind: 'status', status: 403, rateLimitResetInS: 30 },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 503 },
      { kind: 'malformed' },
      { kind: 'hang' },
    ]);
    // Each call pretends the previous wait is over, so every fault is served.
    const later = () => Date.now() + 24 * 3_600_000;
    expect(await poller.pollOnce()).toBe(3_000);
    const untilReset = await poller.pollOnce(later());
    expect(untilReset).toBeGreaterThanOrEqual(29_000);
    expect(untilReset).toBeLessThanOrEqual(32_000);
    // The third limit in a row without hints: the minimum wait doubled twice.
    expect(await poller.pollOnce(later())).toBeGreaterThanOrEqual(240_000);
    expect(await poller.pollOnce(later())).toBeGreaterThanOrEqual(2_000);
    expect(await poller.pollOnce(later())).toBeGreaterThanOrEqual(2_000);
    expect(await poller.pollOnce(later())).toBeGreaterThanOrEqual(2_000);
    expect(await metric('tributary_github_polls_total', { outcome: '429' })).toBe(1);
    expect(await metric('tributary_github_polls_total', { outcome: '403' })).toBe(2);
    expect(await metric('tributary_github_polls_total', { outcome: '5xx' })).toBe(1);
    expect(await metric('tributary_github_polls_total', { outcome: 'error' })).toBe(2);
  });

  it('reads the rate limit only from real headers, per token', async () => {
    const { poller, registry } = env;
    await poller.pollOnce();
    const text = await registry.getSingleMetricAsString('tributary_github_ratelimit_remaining');
    expect(text).toMatch(/^tributary_github_ratelimit_remaining\{token="anonymous"\} \d+$/m);
  });
});

describe('EventsPoller when GitHub cannot be reached', () => {
  it('says what failed, counts it by reason, never invents a rate limit, and turns not ready after the configured time', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const registry = new Registry();
    const metrics = createGithubEventsMetrics(registry);
    const seen = new SeenWindow(100);
    const pipeline = new EventPipeline({
      filter,
      seen,
      queues: [],
      deadLetters: new DeadLetters('github.events.matched', undefined, logger, () => undefined),
      metrics,
      maxRecordBytes: 1024,
      source: 'api',
    });
    const warnings: { fields: Record<string, unknown>; message: string }[] = [];
    const recording = createLogger({ app: 'test', level: 'warn' });
    recording.warn = ((fields: Record<string, unknown>, message: string) => {
      warnings.push({ fields, message });
    }) as typeof recording.warn;
    let now = 1_000_000;
    const health = new UpstreamHealth(60_000, () => now);
    const client = new EventsClient(
      { baseUrl: `http://127.0.0.1:${port}`, userAgent: 'test', timeoutMs: 1_000 },
      recording,
      100,
    );
    const poller = new EventsPoller(
      [client],
      pipeline,
      seen,
      metrics,
      recording,
      { maxPages: 3, minPollIntervalMs: 0, rateLimitMinWaitMs: 60_000, backoffMaxMs: 900_000 },
      health,
    );
    await poller.pollOnce();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        `^GET /events failed: connection to 127\\.0\\.0\\.1:${port} refused \\(ECONNREFUSED\\); next try in \\d+ s$`,
      ),
    );
    expect(warnings[0]?.fields).toMatchObject({
      reason: 'connection_refused',
      code: 'ECONNREFUSED',
    });
    expect(
      await registry.getSingleMetricAsString('tributary_github_poll_failures_total'),
    ).toContain('tributary_github_poll_failures_total{reason="connection_refused"} 1');
    // Never answered: no rate-limit series at all (not a 0 for a GitHub never reached).
    expect(
      await registry.getSingleMetricAsString('tributary_github_ratelimit_remaining'),
    ).not.toMatch(/^tributary_github_ratelimit_remaining/m);
    await expect(health.check()).resolves.toBe(true);
    now += 61_000;
    await poller.pollOnce(now);
    await expect(health.check()).rejects.toThrow(
      /^GET \/events has failed for 61 s \(no answer since start\): connection to 127\.0\.0\.1:\d+ refused \(ECONNREFUSED\)$/,
    );
  });
});
