export interface AutoThrottleOptions {
  /** Requests the server should be handling from us at once, on average (Scrapy's default 1). */
  targetConcurrency: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * Scrapy's AutoThrottle step, applied after each response: the delay moves halfway towards
 * `latency / targetConcurrency` and never below it, clamped to [min, max]. A response other than
 * 200 may slow the crawl down but never speeds it up: error pages and redirects are small and fast,
 * and would otherwise talk the throttle into hammering a struggling server.
 */
export function autoThrottleDelay(
  currentMs: number,
  latencyMs: number,
  status: number,
  options: AutoThrottleOptions,
): number {
  const targetMs = latencyMs / options.targetConcurrency;
  const averaged = Math.max(targetMs, (currentMs + targetMs) / 2);
  const next = Math.min(Math.max(options.minDelayMs, averaged), options.maxDelayMs);
  if (status !== 200 && next <= currentMs) return currentMs;
  return next;
}
