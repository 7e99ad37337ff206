import { Registry } from 'prom-client';
import { ShotChartSite, type LogEntry, type TruthResponse } from '@tributary/shot-chart-site';
import { createLogger } from '@tributary/runtime';
import { SCRAPER_SHOT_CHARTS, ScrapedShot } from '@tributary/schemas';
import { createScraperMetrics } from '../metrics';
import { ShotChartsSpider } from '../spiders/shot-charts/shot-charts.spider';
import { createEngine, type EngineConfig } from './create-engine';
import { MemoryFrontierStore, type FrontierRecord, type FrontierStore } from './frontier/entries';
import type { CrawlResponse } from './http/crawl-response';
import type { PageDeadLetter } from './items/item-sink';
import { SeenKeys } from './items/seen-keys';
import type { Spider, SpiderOutput } from './spider';
import {
  ValidatingItemSink,
  type ItemDeadLetter,
  type OutgoingItem,
} from './items/validating-item-sink';

const FROM = '2024-11-04';
const TO = '2024-11-05';
const MAX_ATTEMPTS = 3;

const config = (overrides: Partial<EngineConfig['throttle']> = {}): EngineConfig => ({
  fetch: {
    userAgent: 'tributary-scraper/test (+https://example.test)',
    timeoutMs: 400,
    maxBodyBytes: 5_000_000,
    connectionsPerOrigin: 4,
  },
  throttle: {
    concurrency: 4,
    minDelayMs: 0,
    jitter: 0,
    maxDelayMs: 10_000,
    autoThrottle: false,
    targetConcurrency: 1,
    requestsPerWindow: null,
    rateWindowMs: 60_000,
    coolDownAfter429s: 3,
    coolDownMs: 60_000,
    maxCoolDownMs: 600_000,
    maxRetryAfterMs: 60_000,
    ...overrides,
  },
  robots: {
    agent: 'tributary-scraper',
    ttlMs: 3_600_000,
    retryMs: 50,
    maxRetryMs: 200,
    maxFailures: 3,
  },
  maxConcurrency: 8,
  engine: {
    maxAttempts: MAX_ATTEMPTS,
    retryBackoff: { initialMs: 20, maxMs: 100, factor: 2 },
    maxRedirects: 3,
    defaultRetryAfterMs: 100,
    drainTimeoutMs: 1_000,
  },
});

/** What the topic and its dead-letter topic would hold. */
class MemoryTopic {
  readonly items: OutgoingItem[] = [];
  readonly invalid: ItemDeadLetter[] = [];
  readonly pages: PageDeadLetter[] = [];
  cut = false;

  transport() {
    return {
      publish: (items: OutgoingItem[]) => {
        if (this.cut) return Promise.reject(new Error('process killed'));
        this.items.push(...items);
        return Promise.resolve();
      },
      deadLetter: (letters: ItemDeadLetter[]) => {
        this.invalid.push(...letters);
        return Promise.resolve();
      },
    };
  }
}

/** A store that a simulated kill -9 cuts off: nothing written after that moment. */
class KillableStore implements FrontierStore {
  killed = false;
  constructor(private readonly inner: MemoryFrontierStore) {}
  load() {
    return this.inner.load();
  }
  append(records: readonly FrontierRecord[]) {
    return this.killed ? Promise.reject(new Error('process killed')) : this.inner.append(records);
  }
  close() {
    return Promise.resolve();
  }
}

function startEngine(
  store: FrontierStore,
  topic: MemoryTopic,
  siteUrl: string,
  throttle: Partial<EngineConfig['throttle']> = {},
) {
  const metrics = createScraperMetrics(new Registry());
  const { services, manager } = createEngine(config(throttle), {
    store,
    metrics,
    logger: createLogger({ app: 'scraper-test', level: 'silent' }),
  });
  const seen = new SeenKeys(100_000);
  for (const item of topic.items) seen.add(item.key);
  const spider = new ShotChartsSpider({ baseUrl: siteUrl });
  const binding = {
    spider,
    sink: new ValidatingItemSink(SCRAPER_SHOT_CHARTS, topic.transport(), seen, () => undefined),
    deadLetters: {
      send: (letter: PageDeadLetter) => {
        topic.pages.push(letter);
        return Promise.resolve();
      },
    },
  };
  return { services, manager, binding, metrics };
}

async function truth(site: ShotChartSite): Promise<TruthResponse> {
  return (
    await fetch(`${site.url}/_control/truth?from=${FROM}&to=${TO}&shots=true`)
  ).json() as Promise<TruthResponse>;
}

function fetchesPerPath(log: readonly LogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
  return counts;
}

describe('a crawl of the fixture site, in process', () => {
  let site: ShotChartSite;
  beforeEach(async () => {
    site = await new ShotChartSite({
      port: 0,
      seed: 21,
      from: '2024-11-01',
      to: '2024-11-10',
      politeness: { enabled: false },
    }).listen();
  });
  afterEach(() => site.close());

  it('publishes every shot once, fetches robots.txt first and every page once, and finishes the crawl', async () => {
    const topic = new MemoryTopic();
    const store = new MemoryFrontierStore();
    const { manager, binding, services } = startEngine(store, topic, site.url);
    await manager.restore();
    const summary = await manager.run(await manager.start(binding, { from: FROM, to: TO }));
    await services.fetcher.close();

    const expected = await truth(site);
    expect(summary.outcome).toBe('finished');
    expect(topic.items).toHaveLength(expected.shots?.length ?? -1);
    expect(new Set(topic.items.map((item) => item.key)).size).toBe(topic.items.length);
    const record = ScrapedShot.parse(JSON.parse(topic.items[0]?.value ?? ''));
    expect(record.spider).toBe('shot-charts');

    const log = site.log.since(0, 100_000);
    expect(log[0]?.path).toBe('/robots.txt');
    expect([...fetchesPerPath(log).values()].every((count) => count === 1)).toBe(true);
    const games = expected.dates.reduce((sum, day) => sum + day.games.length, 0);
    expect(log).toHaveLength(1 + 2 + 2 * games);
    expect(site.log.stats.robotsDisallowed).toBe(0);
    expect(
      log.every((entry) => entry.userAgent === 'tributary-scraper/test (+https://example.test)'),
    ).toBe(true);

    // Finished: only the crawl record is left of it (its page records are tombstoned).
    const after = await store.load();
    expect(after.crawls.get(summary.crawlId)?.status).toBe('finished');
    expect(after.pages.size).toBe(0);
    expect(after.validators.size).toBe(log.length - 1);
  });

  it('retries 503s, timeouts and truncated pages, dead-letters a drifted chart and goes on', async () => {
    const expected = await truth(site);
    const [drifted, retried, truncated] = expected.dates.flatMap((day) => day.games);
    if (!drifted || !retried || !truncated) throw new Error('too few games');
    site.addFaults([
      {
        path: `/boxscores/shot-chart/${drifted.gameId}.html`,
        times: 5,
        fault: { kind: 'drift', layout: 'made-missed' },
      },
      {
        path: `/boxscores/shot-chart/${retried.gameId}.html`,
        times: 2,
        fault: { kind: 'status', status: 503 },
      },
      { path: `/boxscores/${retried.gameId}.html`, times: 1, fault: { kind: 'hang' } },
      {
        path: `/boxscores/${truncated.gameId}.html`,
        times: 1,
        fault: { kind: 'truncate', abort: false },
      },
      {
        path: `/boxscores/shot-chart/${truncated.gameId}.html`,
        times: 1,
        fault: { kind: 'truncate', abort: true },
      },
    ]);
    const topic = new MemoryTopic();
    const { manager, binding, services, metrics } = startEngine(
      new MemoryFrontierStore(),
      topic,
      site.url,
    );
    await manager.restore();
    const summary = await manager.run(await manager.start(binding, { from: FROM, to: TO }));
    await services.fetcher.destroy();

    expect(summary.outcome).toBe('finished');
    expect(topic.pages).toEqual([
      expect.objectContaining({
        url: `${site.url}/boxscores/shot-chart/${drifted.gameId}.html`,
        reason: 'parse_failed',
        attempts: 1,
      }),
    ]);
    expect(topic.pages[0]?.detail).toMatch(/^no_shots:/);
    expect(topic.items).toHaveLength((expected.shots?.length ?? 0) - drifted.shots);
    const counts = fetchesPerPath(site.log.since(0, 100_000));
    expect(counts.get(`/boxscores/shot-chart/${retried.gameId}.html`)).toBe(3);
    expect(counts.get(`/boxscores/${retried.gameId}.html`)).toBe(2);
    expect(counts.get(`/boxscores/${truncated.gameId}.html`)).toBe(2);
    expect(counts.get(`/boxscores/shot-chart/${truncated.gameId}.html`)).toBe(2);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(MAX_ATTEMPTS);
    const parseFailures = await metrics.parseFailures.get();
    expect(parseFailures.values.map((value) => [value.labels.reason, value.value]).sort()).toEqual([
      ['no_shots', 1],
      ['truncated', 1],
    ]);
  });

  it('gives a page up after its last attempt, with the reason', async () => {
    const expected = await truth(site);
    const game = expected.dates.flatMap((day) => day.games)[0];
    if (!game) throw new Error('no game');
    site.addFaults([
      {
        path: `/boxscores/shot-chart/${game.gameId}.html`,
        times: 10,
        fault: { kind: 'status', status: 500 },
      },
    ]);
    const topic = new MemoryTopic();
    const { manager, binding, services } = startEngine(new MemoryFrontierStore(), topic, site.url);
    await manager.restore();
    await manager.run(await manager.start(binding, { from: FROM, to: FROM }));
    await services.fetcher.close();
    expect(topic.pages).toEqual([
      expect.objectContaining({
        reason: 'retries_exhausted',
        attempts: MAX_ATTEMPTS,
        status: 500,
        detail: expect.stringMatching(/HTTP 500/),
      }),
    ]);
    expect(
      fetchesPerPath(site.log.since(0, 100_000)).get(`/boxscores/shot-chart/${game.gameId}.html`),
    ).toBe(MAX_ATTEMPTS);
  });

  it('after a kill mid-crawl, a new process resumes the crawl: every shot once, no page over its attempts', async () => {
    const memory = new MemoryFrontierStore();
    const topic = new MemoryTopic();
    const expected = await truth(site);
    const games = expected.dates.flatMap((day) => day.games);
    site.addFaults(
      games.slice(0, 4).map((game) => ({
        path: `/boxscores/shot-chart/${game.gameId}.html`,
        times: 1,
        fault: { kind: 'status' as const, status: 502 },
      })),
    );
    site.updateConfig({ latencyMs: 15 });

    const first = new KillableStore(memory);
    const before = startEngine(first, topic, site.url, { concurrency: 2 });
    await before.manager.restore();
    const run = await before.manager.start(before.binding, { from: FROM, to: TO });
    const running = before.manager.run(run);
    while (topic.items.length < (expected.shots?.length ?? 0) / 3)
      await new Promise((resolve) => setTimeout(resolve, 5));
    // kill -9: nothing more reaches the store or the topic; fetches in flight are lost.
    first.killed = true;
    topic.cut = true;
    run.stop();
    run.context.abortFetches();
    await running;
    await before.services.fetcher.destroy();
    const publishedBefore = topic.items.length;
    expect(publishedBefore).toBeLessThan(expected.shots?.length ?? 0);

    topic.cut = false;
    const after = startEngine(memory, topic, site.url, { concurrency: 2 });
    await after.manager.restore();
    expect(after.manager.unfinished().map((crawl) => crawl.crawlId)).toEqual([run.crawlId]);
    const summary = await after.manager.run(
      await after.manager.start(after.binding, { from: FROM, to: TO }),
    );
    await after.services.fetcher.close();

    expect(summary.outcome).toBe('finished');
    const keys = topic.items.map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(expected.shots?.length ?? -1);
    const counts = fetchesPerPath(
      site.log.since(0, 100_000).filter((entry) => entry.path !== '/robots.txt'),
    );
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(counts.size).toBe(2 + 2 * games.length);
  });

  it('never fetches what robots.txt disallows, nor another domain, even for a spider that follows every link', async () => {
    const topic = new MemoryTopic();
    const { manager, binding, services, metrics } = startEngine(
      new MemoryFrontierStore(),
      topic,
      site.url,
    );
    const followAll: Spider = {
      name: 'follow-all',
      allowedDomains: ['127.0.0.1'],
      limits: { maxDepth: 2, maxPages: 500 },
      startRequests: () => [
        { url: `${site.url}/boxscores/?month=11&day=5&year=2024`, callback: 'page' },
      ],
      parse: (response: CrawlResponse): SpiderOutput<unknown> => {
        const $ = response.html();
        return {
          follow: $('a[href]')
            .map((_, element) => ({ url: $(element).attr('href') ?? '', callback: 'page' }))
            .get(),
        };
      },
    };
    await manager.restore();
    const summary = await manager.run(
      await manager.start({ ...binding, spider: followAll }, { from: FROM, to: FROM }),
    );
    await services.fetcher.close();

    const paths = site.log.since(0, 100_000).map((entry) => entry.path);
    expect(paths.some((path) => /^\/boxscores\/\d{8}0[A-Z]{3}\.html$/.test(path))).toBe(true);
    expect(site.log.stats.robotsDisallowed).toBe(0);
    expect(
      paths.filter((path) => path.includes('/shooting/') || path.startsWith('/play-index/')),
    ).toEqual([]);
    expect(summary.counters.robotsBlocked).toBeGreaterThan(0);
    const blocked = await metrics.robotsBlocked.get();
    expect(blocked.values[0]?.value).toBe(summary.counters.robotsBlocked);
    const dropped = await metrics.dropped.get();
    // The box score's ad (ads.example.com) and the header's sports-reference link are other domains.
    expect(
      dropped.values.find((value) => value.labels.reason === 'offsite')?.value,
    ).toBeGreaterThan(0);
  });

  it('on stop starts nothing more, and the drain lets the pages in flight finish and persist', async () => {
    site.updateConfig({ latencyMs: 150 });
    const store = new MemoryFrontierStore();
    const topic = new MemoryTopic();
    const { manager, binding, services } = startEngine(store, topic, site.url, { concurrency: 4 });
    await manager.restore();
    const run = await manager.start(binding, { from: FROM, to: TO });
    const running = manager.run(run);
    while (run.context.frontier.done < 4 || run.context.frontier.inFlight === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    manager.stopAll();
    const summary = await running;
    expect(summary.outcome).toBe('stopped');
    const requestsAtStop = site.log.since(0, 100_000).length;
    expect(manager.active).toEqual([run]);
    await manager.drainAll(5_000);
    await services.fetcher.close();
    expect(manager.active).toEqual([]);
    expect(run.context.frontier.inFlight).toBe(0);
    // Only the requests already under way went out after the stop.
    expect(site.log.since(0, 100_000).length - requestsAtStop).toBeLessThanOrEqual(4);
    const persisted = await store.load();
    const pages = [...(persisted.pages.get(run.crawlId)?.values() ?? [])];
    expect(pages.filter((page) => page.state === 'done')).toHaveLength(run.context.frontier.done);
    expect(persisted.crawls.get(run.crawlId)?.status).toBe('running');
  });
});
