import { Octokit } from '@octokit/rest';
import type { Logger } from '@tributary/runtime';
import { readRateLimit, type RateLimitState } from './rate-limit';
import { classifyNetworkFailure, httpFailure, type UpstreamFailure } from './upstream-failure';

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
      /** What failed (DNS, refused, timeout, HTTP status, malformed body), for logs, metrics and readiness. */
      failure: UpstreamFailure;
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
 * Octokit's request-log plugin logs every answer, and every failure as "500 with id UNKNOWN" when
 * there was no answer at all; the poller logs each outcome itself, saying what failed.
 */
const REQUEST_LOG_LINE = /^[A-Z]+ \S+ - \d+ with id \S+ in \d+ms$/;

/**
 * `GET /events` through Octokit (auth, base URL, user agent, timeouts) with every answer turned
 * into a value: Octokit throws for 304 and for every error status, the poller needs them as outcomes.
 */
export class EventsClient {
  private readonly octokit: Octokit;
  private readonly timeoutMs: number;
  /** `api.github.com`, as failures name it. */
  readonly host: string;
  /** Which token this client polls with in metrics: `1`, `2`, … or `anonymous`, never the token. */
  readonly label: string;

  constructor(
    options: {
      baseUrl: string;
      token?: string;
      userAgent: string;
      timeoutMs: number;
      /** The token's position in GITHUB_TOKENS, from 1; without a token the client is `anonymous`. */
      tokenNumber?: number;
    },
    logger: Logger,
    private readonly perPage: number,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.host = new URL(options.baseUrl).host;
    this.label = options.token ? String(options.tokenNumber ?? 1) : 'anonymous';
    this.octokit = new Octokit({
      baseUrl: options.baseUrl,
      userAgent: options.userAgent,
      ...(options.token ? { auth: options.token } : {}),
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => logger.warn({ source: 'octokit' }, message),
        error: (message: string) => {
          if (!REQUEST_LOG_LINE.test(message)) logger.error({ source: 'octokit' }, message);
        },
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
          failure: {
            kind: 'malformed_body',
            reason: 'malformed_body',
            detail: `HTTP ${response.status} with a malformed body: expected a JSON array of events, got ${typeof data === 'string' ? `text starting ${JSON.stringify(data.slice(0, 40))}` : typeof data}`,
            status: response.status,
          },
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
      // Without a response there was no answer at all (Octokit still says "500"): say what failed.
      const answered = failure.response !== undefined && status !== undefined;
      return {
        kind: 'failed',
        outcome: answered && status >= 500 ? '5xx' : 'error',
        ...(answered ? { status } : {}),
        failure: answered
          ? httpFailure(status, failure.message)
          : classifyNetworkFailure(error, this.host, this.timeoutMs),
        limits,
        ...(interval ? { pollIntervalS: interval } : {}),
      };
    }
  }
}
