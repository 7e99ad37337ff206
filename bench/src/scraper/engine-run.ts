import {
  createEngine,
  createScraperMetrics,
  MemoryFrontierStore,
  SeenKeys,
  ValidatingItemSink,
} from '@tributary/scraper/engine';
import { ShotChartsSpider } from '@tributary/scraper/spiders';
import { createLogger, createMetricsRegistry } from '@tributary/runtime';
import { SCRAPER_SHOT_CHARTS } from '@tributary/schemas';

/**
 * The scraper's engine alone, in this process: the `shot-charts` spider over the site with politeness
 * off, items validated against the topic schema, keyed, serialized with their envelope headers and
 * then dropped (no Kafka), the frontier in memory. What Scrapy's run does, so the two compare.
 * Usage: node engine-run.js <site url> <from> <to> <concurrency>; prints one JSON line.
 */
async function main(): Promise<void> {
  const [url = '', from = '', to = '', concurrencyText = '8'] = process.argv.slice(2);
  const concurrency = Number(concurrencyText);
  const metrics = createScraperMetrics(createMetricsRegistry('bench-engine'));
  const { manager, services } = createEngine(
    {
      fetch: {
        userAgent: 'tributary-scraper/bench',
        timeoutMs: 30_000,
        maxBodyBytes: 10_000_000,
        connectionsPerOrigin: concurrency,
      },
      throttle: {
        concurrency,
        minDelayMs: 0,
        jitter: 0,
        maxDelayMs: 60_000,
        autoThrottle: false,
        targetConcurrency: 1,
        requestsPerWindow: null,
        rateWindowMs: 61_000,
        coolDownAfter429s: 3,
        coolDownMs: 60_000,
        maxCoolDownMs: 600_000,
        maxRetryAfterMs: 60_000,
      },
      robots: {
        agent: 'tributary-scraper',
        ttlMs: 86_400_000,
        retryMs: 1_000,
        maxRetryMs: 10_000,
        maxFailures: 3,
      },
      maxConcurrency: concurrency * 2,
      engine: {
        maxAttempts: 3,
        retryBackoff: { initialMs: 200, maxMs: 2_000, factor: 2 },
        maxRedirects: 5,
        defaultRetryAfterMs: 1_000,
        drainTimeoutMs: 5_000,
      },
    },
    {
      store: new DroppingStore(),
      metrics,
      logger: createLogger({ app: 'bench-engine', level: 'warn' }),
    },
  );
  let items = 0;
  let bytes = 0;
  const sink = new ValidatingItemSink(
    SCRAPER_SHOT_CHARTS,
    {
      publish: (outgoing) => {
        items += outgoing.length;
        for (const item of outgoing) bytes += Buffer.byteLength(item.value);
        return Promise.resolve();
      },
      deadLetter: () => Promise.resolve(),
    },
    new SeenKeys(200_000),
    () => undefined,
  );
  await manager.restore();
  const run = await manager.start(
    {
      spider: new ShotChartsSpider({ baseUrl: url }),
      sink,
      deadLetters: { send: () => Promise.resolve() },
    },
    { from, to },
  );
  const summary = await manager.run(run);
  await services.fetcher.close();
  process.stdout.write(
    `${JSON.stringify({ pages: summary.pages, items, itemBytes: bytes, outcome: summary.outcome })}\n`,
  );
}

/** A frontier store that keeps nothing: the engine-only run measures crawling, not persistence. */
class DroppingStore extends MemoryFrontierStore {
  override append(): Promise<void> {
    return Promise.resolve();
  }
}

void main();
