import { join } from 'node:path';
import { ServiceProcess, stackEndpointsFromEnv } from '@tributary/local-stack';
import {
  ShotChartSite,
  type LogEntry,
  type SiteOptions,
  type TruthResponse,
} from '@tributary/shot-chart-site';
import { LAUNCH } from '../src/launch';

export { readTopic, uniqueName, type TopicMessage } from '@tributary/local-stack/testing';

export const endpoints = stackEndpointsFromEnv();

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** The fixture site in this process, so tests read its request log and script its faults directly. */
export function startSite(overrides: Partial<SiteOptions> = {}): Promise<ShotChartSite> {
  return new ShotChartSite({
    port: 0,
    seed: 42,
    from: '2024-10-22',
    to: '2024-12-31',
    ...overrides,
  }).listen();
}

/**
 * The built scraper as its own process, started as dist/start.sh starts it (its launch flags), pointed
 * at the site and the stack, with test-sized timings.
 */
export function scraper(
  site: ShotChartSite,
  env: Record<string, string>,
  args: string[] = [],
): ServiceProcess {
  return new ServiceProcess(
    'scraper',
    MAIN,
    {
      ...LAUNCH.env,
      TRIBUTARY_KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      SHOT_CHARTS_URL: site.url,
      SHOT_CHARTS_API_URL: site.url,
      SCRAPER_MIN_DELAY_MS: '0',
      SCRAPER_RETRY_BACKOFF_MS: '200',
      SCRAPER_RETRY_BACKOFF_MAX_MS: '1000',
      SCRAPER_REQUEST_TIMEOUT_S: '3',
      SCRAPER_DRAIN_TIMEOUT_S: '5',
      LOG_LEVEL: 'warn',
      ...env,
    },
    undefined,
    args,
    LAUNCH.nodeArgs,
  );
}

export async function truth(site: ShotChartSite, from: string, to: string): Promise<TruthResponse> {
  const response = await fetch(`${site.url}/_control/truth?from=${from}&to=${to}&shots=true`);
  return (await response.json()) as TruthResponse;
}

/** The Kafka keys the HTML spider gives the shots of `truth`: game, team and the shot's number in its chart. */
export function htmlShotKeys(expected: TruthResponse): string[] {
  const keys: string[] = [];
  const numbers = new Map<string, number>();
  for (const shot of expected.shots ?? []) {
    const chart = `${shot.gameId}:${shot.team}`;
    const n = (numbers.get(chart) ?? 0) + 1;
    numbers.set(chart, n);
    keys.push(`${shot.gameId}:${shot.team}-${n}`);
  }
  return keys;
}

/** Requests per path, robots.txt left out. */
export function fetchesPerPage(log: readonly LogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of log) {
    if (entry.path !== '/robots.txt') counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
  }
  return counts;
}

/** The most requests the site saw in any window of `windowMs` (each window ending at a request). */
export function busiestWindow(log: readonly LogEntry[], windowMs: number): number {
  const times = log.map((entry) => entry.at).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[first] ?? 0) <= (times[last] ?? 0) - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export function siteLog(site: ShotChartSite): LogEntry[] {
  return site.log.since(0, 200_000);
}
