import { setTimeout as sleep } from 'node:timers/promises';
import { isRetriable } from './errors';

export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  initialMs: number;
  /** Upper bound of any single delay, in ms. */
  maxMs: number;
  /** Growth per attempt. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000, factor: 2 };

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(max, initial * factor^attempt)].
 * Spreading retries over the whole window keeps many clients from retrying in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  return Math.round(random() * ceiling);
}

export interface RetryOptions extends Partial<BackoffOptions> {
  /** Retries after the first attempt; `Infinity` retries until aborted. */
  retries: number;
  /** Which errors to retry; by default those marked retriable. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log or count the retry. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
}

/** Runs `operation` until it succeeds, a non-retriable error occurs, retries run out or `signal` aborts. */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const backoff = { ...DEFAULT_BACKOFF, ...options };
  const shouldRetry = options.shouldRetry ?? isRetriable;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.retries || !shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attempt, backoff);
      options.onRetry?.(error, attempt + 1, delayMs);
      await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }
}
