import {
  greenhouseJob,
  JobsReplayServer,
  SOURCES,
  type JobsReplayOptions,
  type SourceName,
  type Truth,
} from '@tributary/jobs-replay';
import type { JobSource } from '@tributary/schemas';

/** 2026-03-10T12:00:00Z: the March "Who is hiring?" thread already exists. */
export const REPLAY_START = Date.parse('2026-03-10T12:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The replay's path prefix of each source. */
export const REPLAY_PREFIX: Readonly<Record<JobSource, SourceName>> = {
  greenhouse: 'greenhouse',
  lever: 'lever',
  ashby: 'ashby',
  smartrecruiters: 'smartrecruiters',
  remotive: 'remotive',
  remoteok: 'remoteok',
  arbeitnow: 'arbeitnow',
  jobicy: 'jobicy',
  himalayas: 'himalayas',
  'hn-whoishiring': 'hn',
};

/** A replay on a free port, clock frozen at REPLAY_START, limits too generous to matter. */
export function startReplay(overrides: Partial<JobsReplayOptions> = {}): Promise<JobsReplayServer> {
  const generous = { count: 100_000, windowS: 1 };
  return new JobsReplayServer({
    port: 0,
    world: { seed: 7 },
    hn: { hiringComments: 60, otherComments: 8, historyMonths: 1 },
    clock: { start: REPLAY_START, speed: 0 },
    limits: Object.fromEntries(SOURCES.map((source) => [source, generous])),
    ...overrides,
  }).listen();
}

export function baseUrlOf(replay: JobsReplayServer, source: JobSource): string {
  return `${replay.url}/${REPLAY_PREFIX[source]}`;
}

async function controlCall<T>(
  replay: JobsReplayServer,
  path: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const response = await fetch(`${replay.url}/_control/${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as T;
  if (!response.ok)
    throw new Error(`control ${path}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

/** `/_control/*` of the replay, typed for what the tests use. */
export const control = {
  truth: (replay: JobsReplayServer, source: SourceName, tenant?: string) =>
    controlCall<Truth>(
      replay,
      `truth?source=${source}${tenant ? `&tenant=${encodeURIComponent(tenant)}` : ''}`,
    ),
  fault: (replay: JobsReplayServer, fault: unknown) => controlCall(replay, 'faults', fault),
  advance: (replay: JobsReplayServer, change: { hours?: number; days?: number }) =>
    controlCall(replay, 'advance', change),
  requests: (replay: JobsReplayServer, source?: SourceName) =>
    controlCall<{
      requests: {
        source: string;
        path: string;
        status: number;
        timestampMs: number;
        fault: string | null;
        userAgent: string | null;
      }[];
    }>(replay, `requests${source ? `?source=${source}` : ''}`),
  limits: (replay: JobsReplayServer, limits: unknown) => controlCall(replay, 'limits', limits),
  missingBoards: (replay: JobsReplayServer, boards: string[]) =>
    controlCall(replay, 'missing-boards', { boards }, 'PUT'),
};

/**
 * What each open Greenhouse posting of `tenants` looks like on the API now (without `updated_at`,
 * which an edit invisible on Greenhouse still moves), keyed `tenant/id`: a posting is updated
 * exactly when this changed between two runs.
 */
export function greenhouseRenders(
  replay: JobsReplayServer,
  tenants: readonly string[],
): Map<string, string> {
  const at = replay.clock.now();
  const renders = new Map<string, string>();
  for (const tenant of tenants) {
    for (const posting of replay.world.openPostings('greenhouse', tenant, at)) {
      const job = greenhouseJob(posting, tenant, true);
      delete job.updated_at;
      renders.set(`${tenant}/${posting.id}`, JSON.stringify(job));
    }
  }
  return renders;
}
