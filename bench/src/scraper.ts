import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  loadStackConfig,
  readStackEnv,
  stackEndpointsFromEnv,
  stackUp,
} from '@tributary/local-stack';
import { LAUNCH } from '@tributary/scraper/launch';
import { League, type LogEntry } from '@tributary/shot-chart-site';
import { round, writeResult } from './lib/report';
import { runFrontierBench } from './scraper-frontier';
import { runParserBench } from './scraper-parsers';
import { measure, type ProcessRun } from './scraper/measure';
import { politenessChecks } from './scraper/politeness-checks';
import { ensureScrapy, SCRAPY_SPIDER, SCRAPY_VERSION } from './scraper/scrapy';
import { freePort, SiteProcess } from './scraper/site';

/**
 * bench:scraper — the shot-chart crawl of ≥ 10,000 pages of the fixture site (politeness off, 8
 * concurrent requests), by the scraper app (Kafka frontier and publishing), by its engine alone
 * (items validated and serialized, then dropped), by Scrapy and by Crawlee's CheerioCrawler, each
 * in its own process against the same site process, in the same run. Pages/s is read from the
 * site's request log (first to last request, so start-up is left out; wall time is reported too),
 * peak RSS is the process's VmHWM. Then short politeness checks against the site with its defences
 * on: Crawl-delay kept or not, and what each does with a 429 carrying Retry-After.
 */
const TARGET_PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CANDIDATES = (process.env.BENCH_CANDIDATES ?? 'scraper,engine,scrapy,crawlee').split(',');
const SEED = 42;
const LAST_DAY = '2025-04-13';
const ROOT = join(__dirname, '..', '..');
const SCRAPER_MAIN = join(ROOT, 'apps', 'scraper', 'dist', 'main.js');

const log = (line: string) =>
  process.stderr.write(`[bench:scraper ${new Date().toISOString()}] ${line}\n`);

async function endpoints() {
  if (!process.env.TRIBUTARY_KAFKA_BROKERS) {
    const config = loadStackConfig();
    await stackUp(config, log);
    Object.assign(process.env, readStackEnv(config));
  }
  return stackEndpointsFromEnv();
}

/** The shortest range ending on LAST_DAY whose crawl has at least `pages` pages. */
function rangeFor(pages: number): { from: string; to: string; pages: number; games: number } {
  let from = Date.parse(`${LAST_DAY}T00:00:00Z`);
  for (;;) {
    const iso = new Date(from).toISOString().slice(0, 10);
    const size = new League({ seed: SEED, from: iso, to: LAST_DAY }).crawlSize();
    if (size.htmlPages >= pages)
      return { from: iso, to: LAST_DAY, pages: size.htmlPages, games: size.games };
    from -= 7 * 86_400_000;
  }
}

interface Candidate {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  items: (run: ProcessRun) => number;
  after?: () => Promise<Record<string, unknown>>;
}

function lastJson(lines: readonly string[]): Record<string, unknown> {
  const line = [...lines].reverse().find((candidate) => candidate.startsWith('{'));
  return line ? (JSON.parse(line) as Record<string, unknown>) : {};
}

async function candidates(
  site: SiteProcess,
  range: { from: string; to: string },
  kafka: Kafka,
  brokers: string[],
): Promise<Candidate[]> {
  const python = CANDIDATES.includes('scrapy') ? ensureScrapy() : 'python3';
  const crawleeStorage = mkdtempSync(join(tmpdir(), 'bench-crawlee-'));
  const namespace = `bench-${Date.now().toString(36)}`;
  const args = [site.url, range.from, range.to, String(CONCURRENCY)];
  const all: Candidate[] = [
    {
      name: 'scraper',
      command: process.execPath,
      args: [
        ...LAUNCH.nodeArgs,
        SCRAPER_MAIN,
        'crawl',
        'shot-charts',
        '--from',
        range.from,
        '--to',
        range.to,
      ],
      env: {
        ...LAUNCH.env,
        TRIBUTARY_KAFKA_BROKERS: brokers.join(','),
        SHOT_CHARTS_URL: site.url,
        SCRAPER_TOPIC_NAMESPACE: namespace,
        SCRAPER_CONCURRENCY_PER_DOMAIN: String(CONCURRENCY),
        SCRAPER_MAX_CONCURRENCY: String(CONCURRENCY * 2),
        SCRAPER_MIN_DELAY_MS: '0',
        SCRAPER_DELAY_JITTER: '0',
        SCRAPER_AUTOTHROTTLE: 'false',
        SCRAPER_MAX_REQUESTS_PER_MINUTE: '0',
        OPS_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
      items: (run) => {
        const summary = run.stderr.find((line) => / finished after \d+ s: /.test(line)) ?? '';
        return Number(/([\d,]+) items published/.exec(summary)?.[1]?.replaceAll(',', '') ?? 0);
      },
      after: async () => {
        if (process.env.BENCH_KEEP === '1') return { topicNamespace: namespace };
        const admin = kafka.admin();
        await admin.connect();
        try {
          const topics = (await admin.listTopics()).filter((topic) =>
            topic.startsWith(`${namespace}.`),
          );
          await admin.deleteTopics({ topics });
        } finally {
          await admin.disconnect();
        }
        return {};
      },
    },
    {
      name: 'engine',
      command: process.execPath,
      args: [...LAUNCH.nodeArgs, join(__dirname, 'scraper', 'engine-run.js'), ...args],
      env: { ...LAUNCH.env },
      items: (run) => Number(lastJson(run.stdout).items ?? 0),
    },
    {
      name: 'scrapy',
      command: python,
      args: [SCRAPY_SPIDER, ...args],
      env: {},
      items: (run) => Number(lastJson(run.stdout).item_scraped_count ?? 0),
    },
    {
      name: 'crawlee',
      command: process.execPath,
      args: [join(__dirname, 'scraper', 'crawlee-run.js'), ...args],
      env: { CRAWLEE_STORAGE_DIR: crawleeStorage },
      items: (run) => Number(lastJson(run.stdout).items ?? 0),
      after: () => {
        const queue = join(crawleeStorage, 'request_queues', 'default');
        const files = readdirSync(queue);
        const bytes = files.reduce((sum, file) => sum + statSync(join(queue, file)).size, 0);
        rmSync(crawleeStorage, { recursive: true, force: true });
        return Promise.resolve({ requestQueueFiles: files.length, requestQueueBytes: bytes });
      },
    },
  ];
  return all.filter((candidate) => CANDIDATES.includes(candidate.name));
}

/** Requests per second from the site's first to its last request of the run (start-up left out). */
function crawlRate(entries: readonly LogEntry[]): number {
  const first = entries[0]?.at ?? 0;
  const last = entries.at(-1)?.at ?? 0;
  return last > first ? (entries.length - 1) / ((last - first) / 1000) : 0;
}

async function main(): Promise<void> {
  const { kafkaBrokers } = await endpoints();
  const kafka = new Kafka({
    clientId: 'bench-scraper',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const range = rangeFor(TARGET_PAGES);
  log(
    `range ${range.from}..${range.to}: ${range.pages} pages (${range.games} games), concurrency ${CONCURRENCY}`,
  );
  const site = await SiteProcess.start({
    SITE_SEED: String(SEED),
    SITE_FROM: range.from,
    SITE_TO: range.to,
    SITE_POLITENESS: 'false',
  });
  const runs: Record<string, unknown>[] = [];
  try {
    const list = await candidates(site, range, kafka, kafkaBrokers);
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
      for (const candidate of list) {
        await site.reset();
        log(`round ${roundIndex + 1}: ${candidate.name}`);
        const run = await measure(candidate.command, candidate.args, candidate.env, 30 * 60_000);
        if (run.exitCode !== 0)
          throw new Error(
            `${candidate.name} exited ${run.exitCode}:\n${run.stderr.slice(-20).join('\n')}`,
          );
        const entries = await site.log();
        const statuses = new Map<number, number>();
        for (const entry of entries)
          statuses.set(entry.status, (statuses.get(entry.status) ?? 0) + 1);
        const extra = (await candidate.after?.()) ?? {};
        const result = {
          round: roundIndex + 1,
          candidate: candidate.name,
          requests: entries.length,
          statuses: Object.fromEntries(statuses),
          items: candidate.items(run),
          pagesPerS: round(crawlRate(entries), 1),
          wallS: round(run.wallS, 1),
          cpuS: round(run.cpuS, 1),
          cpuMsPerPage: round((run.cpuS * 1000) / Math.max(1, entries.length), 2),
          peakRssMiB: round(run.peakRssMiB, 0),
          ...extra,
        };
        log(JSON.stringify(result));
        runs.push(result);
      }
    }
  } finally {
    await site.stop();
  }
  const checks = process.env.BENCH_CHECKS === '0' ? [] : await politenessChecks(kafkaBrokers, log);

  const mean = (name: string, field: 'pagesPerS' | 'peakRssMiB' | 'cpuMsPerPage') => {
    const values = runs.filter((run) => run.candidate === name).map((run) => Number(run[field]));
    return values.length === 0
      ? Number.NaN
      : values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  const names = [...new Set(runs.map((run) => String(run.candidate)))];
  const table = names.map((name) => ({
    candidate: name,
    pagesPerS: round(mean(name, 'pagesPerS'), 1),
    vsScrapyPagesPerS: round(mean(name, 'pagesPerS') / mean('scrapy', 'pagesPerS'), 2),
    peakRssMiB: round(mean(name, 'peakRssMiB'), 0),
    vsScrapyRss: round(mean(name, 'peakRssMiB') / mean('scrapy', 'peakRssMiB'), 2),
    cpuMsPerPage: round(mean(name, 'cpuMsPerPage'), 2),
  }));
  const summary = [
    `bench:scraper — ${range.pages} pages (${range.from}..${range.to}), ${CONCURRENCY} concurrent requests, politeness off, ${ROUNDS} round(s); Scrapy ${SCRAPY_VERSION}`,
    'candidate  pages/s  ×Scrapy  peak RSS MiB  ×Scrapy  CPU ms/page',
    ...table.map(
      (row) =>
        `${row.candidate.padEnd(10)} ${String(row.pagesPerS).padStart(7)}  ${String(row.vsScrapyPagesPerS).padStart(7)}  ${String(row.peakRssMiB).padStart(12)}  ${String(row.vsScrapyRss).padStart(7)}  ${String(row.cpuMsPerPage).padStart(11)}`,
    ),
    ...checks.map((check) => `politeness ${JSON.stringify(check)}`),
  ].join('\n');
  writeResult(
    'scraper',
    {
      range,
      concurrency: CONCURRENCY,
      launch: LAUNCH,
      scrapy: SCRAPY_VERSION,
      runs,
      table,
      checks,
    },
    summary,
  );
}

/** `bench:scraper [crawl|parsers|frontier]`: the crawl comparison by default. */
function part(): Promise<void> {
  switch (process.argv[2] ?? 'crawl') {
    case 'crawl':
      return main();
    case 'parsers':
      runParserBench();
      return Promise.resolve();
    case 'frontier':
      return endpoints().then(({ kafkaBrokers }) => runFrontierBench(kafkaBrokers));
    default:
      return Promise.reject(
        new Error(`unknown part ${process.argv[2]}: crawl, parsers or frontier`),
      );
  }
}

part().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
