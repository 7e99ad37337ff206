/** What an HTTP answer means for the request that got it. */
export type StatusClass = 'ok' | 'not-modified' | 'redirect' | 'retry' | 'fail';

/** Scrapy's RETRY_HTTP_CODES plus 408: worth trying again later. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([
  408, 429, 500, 502, 503, 504, 522, 524,
]);

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function classifyStatus(status: number, hasLocation: boolean): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 304) return 'not-modified';
  if (REDIRECT_STATUSES.has(status)) return hasLocation ? 'redirect' : 'fail';
  if (RETRY_STATUSES.has(status)) return 'retry';
  return 'fail';
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
