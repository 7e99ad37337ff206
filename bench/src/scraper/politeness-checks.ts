import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAUNCH } from '@tributary/scraper/launch';
import { round } from '../lib/report';
import { measure } from './measure';
import { ensureScrapy, SCRAPY_SPIDER } from './scrapy';
import { freePort, SiteProcess } from './site';

const DAY = '2024-11-05';
const CRAWL_DELAY_S = 1;
const RETRY_AFTER_S = 5;
const SCRAPER_MAIN = join(__dirname, '..', '..', '..', 'apps', 'scraper', 'dist', 'main.js');

/**
 * One day's crawl (13 pages), one request at a time, against the site with its defences on:
 * robots.txt asks Crawl-delay 1 s, and the first two shot-chart requests get 429 with Retry-After 5.
 * Counts the requests the site saw sooner than Crawl-delay after the previous one, and how long
 * each crawler waited after each 429 before its next request.
 */
export async function politenessChecks(
  brokers: string[],
  log: (line: string) => void,
): Promise<Record<string, unknown>[]> {
  const site = await SiteProcess.start({
    SITE_SEED: '42',
    SITE_FROM: DAY,
    SITE_TO: DAY,
    SITE_POLITENESS: 'true',
    SITE_CRAWL_DELAY_S: String(CRAWL_DELAY_S),
    SITE_RATE_LIMIT_PER_MIN: '1000',
  });
  const crawleeStorage = mkdtempSync(join(tmpdir(), 'bench-crawlee-checks-'));
  const args = [site.url, DAY, DAY, '1'];
  const runs = [
    {
      name: 'scraper',
      command: process.execPath,
      args: [...LAUNCH.nodeArgs, SCRAPER_MAIN, 'crawl', 'shot-charts', '--from', DAY, '--to', DAY],
      env: {
        ...LAUNCH.env,
        TRIBUTARY_KAFKA_BROKERS: brokers.join(','),
        SHOT_CHARTS_URL: site.url,
        SCRAPER_TOPIC_NAMESPACE: `bench-checks-${Date.now().toString(36)}`,
        SCRAPER_MIN_DELAY_MS: '0',
        SCRAPER_MAX_REQUESTS_PER_MINUTE: '60',
        OPS_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
    },
    { name: 'scrapy', command: ensureScrapy(), args: [SCRAPY_SPIDER, ...args], env: {} },
    {
      name: 'crawlee',
      command: process.execPath,
      args: [join(__dirname, 'crawlee-run.js'), ...args],
      env: { CRAWLEE_STORAGE_DIR: crawleeStorage },
    },
  ];
  const results: Record<string, unknown>[] = [];
  try {
    for (const run of runs) {
      await site.reset();
      await site.control('faults', [
        {
          path: '/boxscores/shot-chart/*',
          times: 2,
          fault: { kind: 'status', status: 429, retryAfterS: RETRY_AFTER_S },
        },
      ]);
      log(`politeness check: ${run.name}`);
      const outcome = await measure(run.command, run.args, run.env, 5 * 60_000);
      const entries = await site.log();
      const stats = await site.stats();
      const waits = entries
        .map((entry, index) => ({ entry, next: entries[index + 1] }))
        .filter(({ entry, next }) => entry.status === 429 && next !== undefined)
        .map(({ entry, next }) => round(((next?.at ?? 0) - entry.at) / 1000, 2));
      const result = {
        candidate: run.name,
        exitCode: outcome.exitCode,
        requests: entries.length,
        crawlDelayS: CRAWL_DELAY_S,
        crawlDelayViolations: stats.crawlDelayViolations,
        retryAfterS: RETRY_AFTER_S,
        waitAfterEach429S: waits,
      };
      log(JSON.stringify(result));
      results.push(result);
    }
  } finally {
    await site.stop();
    rmSync(crawleeStorage, { recursive: true, force: true });
  }
  return results;
}
