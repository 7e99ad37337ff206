import { TributaryError } from '@tributary/runtime';
import type { CrawlResponse } from './http/crawl-response';
import type { CrawlRequest, RequestSpec } from './request';

/** The dates a crawl covers, both included (ISO `YYYY-MM-DD`). */
export interface CrawlRange {
  from: string;
  to: string;
}

/** What a parse step found on a page: items to publish and requests to follow. */
export interface SpiderOutput<Item> {
  items?: Item[];
  follow?: RequestSpec[];
}

export interface SpiderLimits {
  /** Followed links deeper than this (start requests are depth 0) are dropped. */
  maxDepth: number;
  /** Requests per crawl; further ones are dropped. */
  maxPages: number;
}

/**
 * A spider: where a crawl of a date range starts, and how each kind of page is read. The engine does
 * everything else (politeness, retries, redirects, the durable frontier, publishing), so a spider is
 * plain, synchronous parsing code that is tested with saved pages.
 */
export interface Spider<Item = unknown> {
  /** Lower-case, dashes: the `spider` field of every item and the crawl's name. */
  readonly name: string;
  /** Hostnames the spider may fetch (subdomains included); requests elsewhere are dropped. */
  readonly allowedDomains: readonly string[];
  /** Sent with every request of the spider (besides User-Agent and conditional headers). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly limits: SpiderLimits;
  startRequests(range: CrawlRange): RequestSpec[];
  /** Reads a 2xx response of a request whose `callback` names the step to use. */
  parse(response: CrawlResponse, request: CrawlRequest): SpiderOutput<Item>;
}

/** The page does not look the way the spider expects (a redesign): retrying will not help. */
export class PageParseError extends TributaryError {
  constructor(
    /** Short, for the metric label and the dead letter's reason detail. */
    readonly reason: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('PAGE_PARSE_FAILED', message, { retriable: false, ...options });
    this.name = 'PageParseError';
  }
}
