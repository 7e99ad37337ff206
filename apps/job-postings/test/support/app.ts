import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobsReplayServer } from '@tributary/jobs-replay';
import { ServiceProcess, stackEndpointsFromEnv } from '@tributary/local-stack';
import type { JobSource } from '@tributary/schemas';
import {
  DEFAULT_SOURCES_FILE,
  type SourceConfig,
  type SourcesFile,
} from '../../src/config/sources-config';
import { baseUrlOf } from './replay';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * The shipped sources config pointed at the replay: only `sources`, each run every `everyS`
 * seconds (never closer than `minRunIntervalS`), fewer boards, with the shipped politeness unless
 * `request` overrides it.
 */
export function replaySourcesFile(
  replay: JobsReplayServer,
  sources: readonly JobSource[],
  options: {
    everyS?: number;
    minRunIntervalS?: number;
    boards?: number;
    request?: Partial<SourceConfig['request']>;
    perSource?: Partial<Record<JobSource, Partial<SourceConfig>>>;
  } = {},
): string {
  const shipped = JSON.parse(readFileSync(DEFAULT_SOURCES_FILE, 'utf8')) as SourcesFile;
  const file: SourcesFile = { version: `${shipped.version}-test`, sources: {} };
  for (const source of sources) {
    const config = shipped.sources[source]!;
    file.sources[source] = {
      ...config,
      baseUrl: baseUrlOf(replay, source),
      schedule: `*/${options.everyS ?? 2} * * * * *`,
      minRunIntervalS: options.minRunIntervalS ?? config.minRunIntervalS,
      tenants: (config.tenants ?? []).slice(0, options.boards ?? 4),
      request: { ...config.request, ...options.request },
      ...options.perSource?.[source],
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'job-sources-'));
  const path = join(dir, 'sources.json');
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

/** The built job-postings as its own process on the shared stack. */
export function jobPostings(env: Record<string, string>, args: string[] = []): ServiceProcess {
  const endpoints = stackEndpointsFromEnv();
  return new ServiceProcess(
    'job-postings',
    MAIN,
    {
      TRIBUTARY_KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      STATE_SESSION_TIMEOUT_S: '6',
      HTTP_TIMEOUT_S: '5',
      LOG_LEVEL: 'warn',
      ...env,
    },
    undefined,
    args,
  );
}

/** The sum of a metric over two processes (one may be gone: it counts 0). */
export async function metricSum(
  processes: readonly ServiceProcess[],
  name: string,
  filter = '',
): Promise<number> {
  let sum = 0;
  for (const process of processes) if (process.running) sum += await process.metric(name, filter);
  return sum;
}
