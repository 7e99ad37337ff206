import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type Logger } from '@tributary/runtime';
import type { Pacer } from './pacer';

/** What one GET for JSON ended as, after retries. */
export type FetchResult =
  | { kind: 'json'; status: number; url: string; body: unknown }
  | { kind: 'not-found'; status: number; url: string }
  /** A bot-protection page (Cloudflare "Just a moment...") or other HTML where JSON was expected. */
  | { kind: 'challenge'; status: number; url: string; excerpt: string }
  | { kind: 'malformed'; status: number; url: string; excerpt: string; error: string }
  | {
      kind: 'failed';
      status: number | null;
      url: string;
      reason: 'rate_limited' | 'http_status' | 'server_error' | 'timeout' | 'network';
      error: string;
    };

/** Outcome label of one attempt, for `tributary_jobs_requests_total{outcome}`. */
export type RequestOutcome =
  | 'ok'
  | 'not_found'
  | 'challenge'
  | 'malformed'
  | 'rate_limited'
  | 'server_error'
  | 'client_error'
  | 'timeout'
  | 'network';

export interface SourceHttpOptions {
  userAgent: string;
  timeoutMs: number;
  /** Attempts per request, the first included (429, 5xx, timeouts and network errors retry). */
  maxAttempts: number;
  /** A Retry-After longer than this is not waited for within a run: the request fails. */
  retryAfterMaxMs: number;
  /** Exponential backoff with full jitter for 5xx, timeouts and network errors. */
  backoff: { initialMs: number; maxMs: number };
}

export interface RequestObserver {
  (outcome: RequestOutcome, durationS: number): void;
}

const EXCERPT = 2_000;

function looksLikeHtml(contentType: string, body: string): boolean {
  return contentType.includes('html') || /^\s*</.test(body);
}

/** Seconds or an HTTP date, as `Retry-After` may carry; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/**
 * GETs JSON from one source politely: every attempt waits for the source's pacer; 429 waits the
 * `Retry-After` (and tells the pacer), 5xx, timeouts and network errors back off with jitter; a
 * challenge page or a body that is not JSON is reported as such, never retried in a loop. Each
 * attempt is reported to `observe` with its outcome and duration.
 */
export class SourceHttp {
  constructor(
    readonly source: string,
    private readonly pacer: Pacer,
    private readonly options: SourceHttpOptions,
    private readonly observe: RequestObserver,
    private readonly logger: Logger,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** When the next request could start (for scheduling). */
  nextAllowedAt(): number {
    return this.pacer.nextAllowedAt();
  }

  /** Start times of this source's requests still inside its longest limit window. */
  recentRequests(): number[] {
    return this.pacer.recentStarts();
  }

  /**
   * `signal` stops waiting (pacer, backoff) — a request already sent runs to its end, so a shutdown
   * finishes the page it is on.
   */
  async getJson(url: string, signal?: AbortSignal): Promise<FetchResult> {
    let last: FetchResult | undefined;
    for (let attempt = 0; attempt < this.options.maxAttempts; attempt++) {
      if (attempt > 0 && last?.kind === 'failed' && last.reason !== 'rate_limited') {
        const delay = backoffDelay(attempt - 1, { ...this.options.backoff, factor: 2 });
        await sleep(delay, undefined, signal ? { signal } : undefined);
      }
      await this.pacer.acquire(signal);
      const started = performance.now();
      let outcome: RequestOutcome;
      try {
        const result = await this.attempt(url);
        last = result.result;
        outcome = result.outcome;
      } finally {
        this.pacer.release();
      }
      this.observe(outcome, (performance.now() - started) / 1000);
      if (last.kind !== 'failed' || last.reason === 'http_status') return last;
      if (last.reason === 'rate_limited' && last.status === 429) {
        // attempt() has blocked the pacer until Retry-After; a long block ends the request.
        if (this.pacer.nextAllowedAt() - Date.now() > this.options.retryAfterMaxMs) return last;
      }
      this.logger.warn(
        { source: this.source, url, attempt: attempt + 1, reason: last.reason, error: last.error },
        'request failed; retrying',
      );
    }
    return last as FetchResult;
  }

  private async attempt(url: string): Promise<{ result: FetchResult; outcome: RequestOutcome }> {
    let response: Response;
    let body: string;
    try {
      response = await this.fetchImpl(url, {
        headers: { accept: 'application/json', 'user-agent': this.options.userAgent },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      // A DOMException: no `instanceof Error` across realms, so read its name.
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      return {
        result: {
          kind: 'failed',
          status: null,
          url,
          reason: timedOut ? 'timeout' : 'network',
          error: (error as { message?: string } | null)?.message ?? String(error),
        },
        outcome: timedOut ? 'timeout' : 'network',
      };
    }
    const { status } = response;
    const contentType = response.headers.get('content-type') ?? '';
    const challenged =
      response.headers.get('cf-mitigated') === 'challenge' ||
      (looksLikeHtml(contentType, body) && /just a moment|cf-chl|challenge-platform/i.test(body));
    if (challenged) {
      return {
        result: { kind: 'challenge', status, url, excerpt: body.slice(0, EXCERPT) },
        outcome: 'challenge',
      };
    }
    if (status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 60_000;
      this.pacer.blockUntil(Date.now() + wait);
      return {
        result: {
          kind: 'failed',
          status,
          url,
          reason: 'rate_limited',
          error: `429, Retry-After ${wait / 1000} s`,
        },
        outcome: 'rate_limited',
      };
    }
    if (status === 404 || status === 410)
      return { result: { kind: 'not-found', status, url }, outcome: 'not_found' };
    if (status >= 500 || status === 408) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      if (wait !== null) this.pacer.blockUntil(Date.now() + wait);
      return {
        result: { kind: 'failed', status, url, reason: 'server_error', error: `HTTP ${status}` },
        outcome: 'server_error',
      };
    }
    if (status < 200 || status >= 300) {
      return {
        result: {
          kind: 'failed',
          status,
          url,
          reason: 'http_status',
          error: `HTTP ${status}: ${body.slice(0, 200)}`,
        },
        outcome: 'client_error',
      };
    }
    if (looksLikeHtml(contentType, body)) {
      return {
        result: {
          kind: 'malformed',
          status,
          url,
          excerpt: body.slice(0, EXCERPT),
          error: 'HTML where JSON was expected',
        },
        outcome: 'malformed',
      };
    }
    try {
      return {
        result: { kind: 'json', status, url, body: JSON.parse(body) as unknown },
        outcome: 'ok',
      };
    } catch (error) {
      return {
        result: {
          kind: 'malformed',
          status,
          url,
          excerpt: body.slice(0, EXCERPT),
          error: error instanceof Error ? error.message : String(error),
        },
        outcome: 'malformed',
      };
    }
  }
}
