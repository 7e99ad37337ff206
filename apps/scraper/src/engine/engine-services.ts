import type { BackoffOptions, Logger } from '@tributary/runtime';
import type { ScraperMetrics } from '../metrics';
import type { ValidatorEntry } from './frontier/entries';
import type { FrontierStore } from './frontier/entries';
import type { Fetcher } from './http/fetcher';
import type { DomainThrottles } from './politeness/domain-throttles';
import type { RobotsCache } from './robots/robots-cache';
import type { Slots } from './support/slots';
import type { Wakeup } from './support/wakeup';

export interface EngineOptions {
  /** Attempts per request (retries + 1). */
  maxAttempts: number;
  retryBackoff: BackoffOptions;
  maxRedirects: number;
  /** A 429 without Retry-After pauses its domain this long. */
  defaultRetryAfterMs: number;
  /** Longest a shutdown waits for in-flight pages before aborting their fetches. */
  drainTimeoutMs: number;
}

/** What every crawl of the process shares: one HTTP pool, one throttle and robots.txt per domain, one store. */
export interface EngineServices {
  fetcher: Fetcher;
  throttles: DomainThrottles;
  robots: RobotsCache;
  store: FrontierStore;
  /** ETag / Last-Modified by request fingerprint, from earlier crawls. */
  validators: Map<string, ValidatorEntry>;
  slots: Slots;
  wakeup: Wakeup;
  metrics: ScraperMetrics;
  logger: Logger;
  clock: () => number;
  options: EngineOptions;
}
