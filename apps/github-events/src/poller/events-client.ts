import { Octokit } from '@octokit/rest';
import type { Logger } from '@tributary/runtime';
import { readRateLimit, type RateLimitState } from './rate-limit';

type Headers = Record<string, string | number | undefined>;

export type PageResult =
  | {
      kind: 'ok';
      /** Elements as sent; each is validated separately so one bad event never costs the page. */
      events: unknown[];
      etag?: string;
      hasNext: boolean;
      pollIntervalS?: number;
      limits: RateLimitState;
    }
  | { kind: 'not-modified'; pollIntervalS?: number; limits: RateLimitState }
  | { kind: 'rate-limited'; status: number; headers: Headers; limits: RateLimitState }
  | {
      kind: 'failed';
      outcome: '5xx' | 'error';
      status?: number;
      message: string;
      limits: RateLimitState;
      pollIntervalS?: number;
    };

function pollInterval(headers: Headers): number | undefined {
  const value = Number(headers['x-poll-interval']);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** GitHub answers 403 both for rate limits and forbidden resources; both get the polite wait. */
function isRateLimited(status: number): boolean {
  return status === 403 || status === 429;
}

interface RequestErrorLike {
  status?: number;
  message: string;
  response?: { headers: Headers; data?: unknown };
}

/**
 * `GET /events` through Octokit (auth, base URL, user agent, timeouts) with every answer turned
 * into a value: Octokit throws for 304 and for every error status, the poller needs them as outcomes.
 */
export class EventsClient {
  private readonly octokit: Octokit;
  private readonly timeoutMs: number;

  constructor(
    options: { baseUrl: string; token?: string; userAgent: string; timeoutMs: number },
    logger: Logger,
    private readonly perPage: number,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.octokit = new Octokit({
      baseUrl: options.baseUrl,
      userAgent: options.userAgent,
      ...(options.token ? { auth: options.token } : {}),
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => logger.warn({ source: 'octokit' }, message),
        error: (message: string) => logger.error({ source: 'octokit' }, message),
      },
    });
  }

  async fetchPage(page: number, etag?: string): Promise<PageResult> {
    try {
      const response = await this.octokit.request('GET /events', {
        per_page: this.perPage,
        page,
        headers: etag ? { 'if-none-match': etag } : {},
        request: { signal: AbortSignal.timeout(this.timeoutMs) },
      });
      const headers = response.headers as Headers;
      const limits = readRateLimit(headers);
      const interval = pollInterval(headers);
      const data: unknown = response.data;
      if (!Array.isArray(data)) {
        return {
          kind: 'failed',
          outcome: 'error',
          status: response.status,
          message: `malformed body: expected a JSON array of events, got ${typeof data === 'string' ? `text starting ${JSON.stringify(data.slice(0, 40))}` : typeof data}`,
          limits,
          ...(interval ? { pollIntervalS: interval } : {}),
        };
      }
      return {
        kind: 'ok',
        events: data as unknown[],
        ...(typeof headers.etag === 'string' ? { etag: headers.etag } : {}),
        hasNext: /rel="next"/.test(String(headers.link ?? '')),
        ...(interval ? { pollIntervalS: interval } : {}),
        limits,
      };
    } catch (error) {
      const failure = error as RequestErrorLike;
      const status = failure.status;
      const headers = failure.response?.headers ?? {};
      const limits = readRateLimit(headers);
      const interval = pollInterval(headers);
      if (status === 304) {
        return { kind: 'not-modified', limits, ...(interval ? { pollIntervalS: interval } : {}) };
      }
      if (status !== undefined && failure.response && isRateLimited(status)) {
        return { kind: 'rate-limited', status, headers, limits };
      }
      return {
        kind: 'failed',
        outcome: status !== undefined && status >= 500 && failure.response ? '5xx' : 'error',
        ...(failure.response && status !== undefined ? { status } : {}),
        message: failure.message,
        limits,
        ...(interval ? { pollIntervalS: interval } : {}),
      };
    }
  }
}
