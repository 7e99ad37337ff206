import { backoffDelay } from '@tributary/runtime';

/** What the last response said about the rate limit (GitHub's `x-ratelimit-*` headers). */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** When the window resets, ms since epoch. */
  resetAtMs?: number;
}

type Headers = Record<string, string | number | undefined>;

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function readRateLimit(headers: Headers): RateLimitState {
  const reset = numberHeader(headers, 'x-ratelimit-reset');
  const limit = numberHeader(headers, 'x-ratelimit-limit');
  const remaining = numberHeader(headers, 'x-ratelimit-remaining');
  return {
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(reset !== undefined ? { resetAtMs: reset * 1000 } : {}),
  };
}

/** `Retry-After` in seconds (GitHub sends seconds; an HTTP date is accepted too). */
export function readRetryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface PolitenessOptions {
  /** Floor of any wait after a 403/429 without Retry-After or an exhausted budget (GitHub: 60 s). */
  rateLimitMinWaitMs: number;
  /** Cap of every backoff. */
  backoffMaxMs: number;
}

/**
 * How long to wait after a 403/429, in GitHub's documented order: `retry-after` if present; else,
 * when `x-ratelimit-remaining` is 0, until `x-ratelimit-reset`; else at least the minimum wait,
 * doubling with each consecutive limit, capped.
 */
export function rateLimitedWaitMs(
  headers: Headers,
  consecutive: number,
  options: PolitenessOptions,
  now = Date.now(),
  random: () => number = Math.random,
): number {
  const retryAfter = readRetryAfterMs(headers, now);
  if (retryAfter !== undefined) return Math.min(retryAfter, options.backoffMaxMs);
  const limits = readRateLimit(headers);
  if (limits.remaining === 0 && limits.resetAtMs !== undefined) {
    // One extra second: GitHub's reset is in whole seconds and clocks differ slightly.
    return Math.min(Math.max(0, limits.resetAtMs - now) + 1_000, options.backoffMaxMs);
  }
  const exponential = Math.min(
    options.backoffMaxMs,
    options.rateLimitMinWaitMs * 2 ** Math.max(0, consecutive - 1),
  );
  // Jitter upwards only: never below the minimum wait.
  return Math.round(exponential + random() * exponential * 0.1);
}

/**
 * The wait before the next poll after a good answer: never less than `X-Poll-Interval`, and spread
 * so the remaining budget lasts until the reset (60 requests/hour anonymous → about one a minute).
 */
export function pollWaitMs(
  pollIntervalMs: number,
  limits: RateLimitState,
  now = Date.now(),
): number {
  if (limits.remaining === undefined || limits.resetAtMs === undefined) return pollIntervalMs;
  const untilReset = Math.max(0, limits.resetAtMs - now);
  if (limits.remaining <= 0) return Math.max(pollIntervalMs, untilReset + 1_000);
  return Math.max(pollIntervalMs, Math.floor(untilReset / limits.remaining));
}

/** After a 5xx, a timeout or a malformed body: exponential from the poll interval, capped. */
export function errorWaitMs(
  pollIntervalMs: number,
  consecutive: number,
  options: PolitenessOptions,
  random: () => number = Math.random,
): number {
  const ceiling = backoffDelay(
    consecutive,
    { initialMs: Math.max(1_000, pollIntervalMs), maxMs: options.backoffMaxMs, factor: 2 },
    random,
  );
  return Math.max(pollIntervalMs, ceiling);
}
