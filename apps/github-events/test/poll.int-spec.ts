import type { ReplayServer } from '@tributary/github-replay';
import type { ServiceProcess } from '@tributary/local-stack';
import { waitUntil } from '@tributary/local-stack';
import { ENVELOPE_HEADERS, KeywordMatch } from '@tributary/schemas';
import {
  githubEvents,
  matchedIds,
  readTopic,
  sourceIdOf,
  startReplay,
  uniqueName,
} from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('github-events polling the replay GitHub into Kafka', () => {
  let replay: ReplayServer;
  const processes: ServiceProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await process.stop('SIGKILL');
    await replay.close();
  });

  it('publishes every matched event exactly once across a kill -9 and a graceful restart, saving requests with ETags and obeying X-Poll-Interval', async () => {
    replay = await startReplay({ pollIntervalS: 1 });
    const topic = `${uniqueName()}.github.events.matched`;
    const env = { OUTPUT_TOPIC: topic };
    const timelineIds = () =>
      matchedIds(
        Array.from({ length: replay.timeline.count() }, (_, index) => replay.timeline.event(index)),
      );

    const first = githubEvents(replay, env);
    processes.push(first);
    first.start();
    await first.ready();
    await first.metricReaches(
      'tributary_github_events_published_total',
      matchedIds(Array.from({ length: 300 }, (_, index) => replay.timeline.event(index))).length,
    );
    // Unchanged timeline: conditional polls answered 304.
    await sleep(3_500);
    for (let round = 0; round < 3; round++) {
      replay.timeline.advance(40);
      await sleep(1_200);
    }
    // More new events than one page holds: the poller pages back until it reaches seen ones.
    replay.timeline.advance(150);
    await first.metricReaches('tributary_github_gap_pages_total', 1, 30_000);
    expect(await first.metric('tributary_github_gaps_total')).toBe(0);
    await first.stop('SIGKILL');

    replay.timeline.advance(60);
    // The gap across the restart is not an interval the new process could know about.
    const restartGap = replay.stats.firstPageGapsS.length;
    const second = githubEvents(replay, env);
    processes.push(second);
    second.start();
    await second.ready();
    for (let round = 0; round < 3; round++) {
      replay.timeline.advance(30);
      await sleep(1_200);
    }
    const expected = timelineIds();
    await waitUntil(
      'every matched event published',
      async () => (await readTopic(topic)).length >= expected.length,
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(await second.stop('SIGTERM')).toBe(0);

    const messages = await readTopic(topic);
    const ids = messages.map(sourceIdOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());

    const sample = messages[0];
    expect(sample?.headers[ENVELOPE_HEADERS.schema]).toBe('github.keyword_match');
    expect(sample?.headers[ENVELOPE_HEADERS.producer]).toBe('github-events');
    expect(sample?.headers[ENVELOPE_HEADERS.traceparent]).toMatch(/^00-[0-9a-f]{32}-/);
    const record = KeywordMatch.parse(JSON.parse(sample?.value ?? ''));
    expect(sample?.key).toBe(record.event.repo.name);
    expect(record.keywords.length).toBeGreaterThan(0);

    // ETags: polls of an unchanged timeline were 304s, which cost no rate limit.
    expect(replay.stats.byStatus[304] ?? 0).toBeGreaterThanOrEqual(2);
    expect(replay.stats.conditional).toBeGreaterThanOrEqual(replay.stats.byStatus[304] ?? 0);
    // X-Poll-Interval (1 s) obeyed between first-page polls, by both processes.
    const gaps = replay.stats.firstPageGapsS.filter((_, index) => index !== restartGap);
    expect(gaps.length).toBeGreaterThan(8);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.95);
  });

  it('waits out each rate-limit style instead of looping, then carries on', async () => {
    replay = await startReplay({ pollIntervalS: 1 });
    const topic = `${uniqueName()}.github.events.matched`;
    const app = githubEvents(replay, { OUTPUT_TOPIC: topic, GITHUB_RATE_LIMIT_MIN_WAIT_S: '2' });
    processes.push(app);
    app.start();
    await app.ready();
    // The first poll must have read the whole initial window (its pages too), not just page 1.
    await app.metricReaches('tributary_github_events_seen_total', replay.timeline.count(), 30_000);
    replay.resetStats();
    replay.addFaults([
      { kind: 'status', status: 429, retryAfterS: 3 },
      { kind: 'status', status: 403, rateLimitResetInS: 3 },
      { kind: 'status', status: 403 },
      { kind: 'status', status: 502 },
    ]);
    await app.metricReaches('tributary_github_polls_total', 1, 60_000, 'outcome="5xx"');
    await app.metricReaches('tributary_github_polls_total', 2, 60_000, 'outcome="304"');
    const gaps = replay.stats.firstPageGapsS;
    // After the 429 (retry-after 3), the 403 at the exhausted limit (reset in 3 s, +1), the 403
    // without hints (minimum 2 s, doubled for the second limit in a row) and the 502 (backoff).
    expect(gaps[0]).toBeGreaterThanOrEqual(2.9);
    expect(gaps[1]).toBeGreaterThanOrEqual(2.9);
    expect(gaps[2]).toBeGreaterThanOrEqual(3.9);
    expect(gaps[3]).toBeGreaterThanOrEqual(0.95);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.95);
    expect(await app.metric('tributary_github_polls_total', 'outcome="429"')).toBe(1);
    expect(await app.metric('tributary_github_polls_total', 'outcome="403"')).toBe(2);
  });
});
