import { JobsReplayServer, type JobsReplayOptions } from '../src/replay-server';

/** 2026-03-10T12:00:00Z: a Tuesday, so the March threads already exist. */
export const START = Date.parse('2026-03-10T12:00:00Z');
export const DAY_MS = 86_400_000;

/** A replay on a free port with a frozen clock and limits generous enough not to interfere. */
export async function startReplay(
  overrides: Partial<JobsReplayOptions> = {},
): Promise<JobsReplayServer> {
  const generous = { count: 100_000, windowS: 1 };
  return new JobsReplayServer({
    port: 0,
    world: { seed: 7 },
    hn: { hiringComments: 60, otherComments: 12, historyMonths: 2 },
    clock: { start: START, speed: 0 },
    limits: {
      greenhouse: generous,
      lever: generous,
      ashby: generous,
      smartrecruiters: generous,
      remotive: generous,
      remoteok: generous,
      arbeitnow: generous,
      jobicy: generous,
      himalayas: generous,
      hn: generous,
    },
    ...overrides,
  }).listen();
}

export async function getJson<T = unknown>(
  server: JobsReplayServer,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, headers: response.headers };
}

export async function control<T = unknown>(
  server: JobsReplayServer,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const response = await fetch(`${server.url}/_control/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json()) as T;
  if (!response.ok)
    throw new Error(`control ${path} answered ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}
