import type { EngineConfig } from '../engine/create-engine';
import type { ScraperConfig } from './env';

/** The engine's settings from the app's config. */
export function engineConfig(config: ScraperConfig): EngineConfig {
  return {
    fetch: {
      userAgent: config.userAgent,
      timeoutMs: config.requestTimeoutMs,
      maxBodyBytes: config.maxBodyBytes,
      connectionsPerOrigin: config.concurrencyPerDomain,
    },
    throttle: {
      concurrency: config.concurrencyPerDomain,
      minDelayMs: config.minDelayMs,
      jitter: config.delayJitter,
      maxDelayMs: config.maxDelayMs,
      autoThrottle: config.autoThrottle,
      targetConcurrency: config.autoThrottleTargetConcurrency,
      requestsPerWindow: config.maxRequestsPerMinute,
      // A second of margin: the server counts arrivals, which a slow first request can bring closer.
      rateWindowMs: 61_000,
      coolDownAfter429s: config.coolDownAfter429s,
      coolDownMs: config.coolDownMs,
      maxCoolDownMs: config.maxCoolDownMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    },
    robots: {
      agent: config.robotsAgent,
      ttlMs: config.robotsTtlMs,
      retryMs: 30_000,
      maxRetryMs: 30 * 60_000,
      maxFailures: 8,
    },
    maxConcurrency: config.maxConcurrency,
    engine: {
      maxAttempts: config.maxAttempts,
      retryBackoff: {
        initialMs: config.retryBackoffMs,
        maxMs: config.retryBackoffMaxMs,
        factor: 2,
      },
      maxRedirects: config.maxRedirects,
      defaultRetryAfterMs: config.defaultRetryAfterMs,
      drainTimeoutMs: config.drainTimeoutMs,
    },
  };
}
