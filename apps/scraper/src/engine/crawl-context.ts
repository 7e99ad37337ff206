import { describeError } from '@tributary/runtime';
import type { EngineServices } from './engine-services';
import { frontierKey, pendingRecord, type FrontierRecord } from './frontier/entries';
import type { CrawlFrontier } from './frontier/crawl-frontier';
import type { ItemSink, PageDeadLetters } from './items/item-sink';
import {
  domainOf,
  isAllowedDomain,
  toCrawlRequest,
  type CrawlRequest,
  type RequestSpec,
} from './request';
import type { Spider } from './spider';

/** What a crawl has done so far (progress lines, the summary, tests). */
export interface CrawlCounters {
  fetches: number;
  notModified: number;
  retries: number;
  robotsBlocked: number;
  dropped: number;
  itemsPublished: number;
  itemsDuplicate: number;
  itemsInvalid: number;
  deadLetters: number;
}

export function emptyCounters(): CrawlCounters {
  return {
    fetches: 0,
    notModified: 0,
    retries: 0,
    robotsBlocked: 0,
    dropped: 0,
    itemsPublished: 0,
    itemsDuplicate: 0,
    itemsInvalid: 0,
    deadLetters: 0,
  };
}

/** A failure of one attempt, as the retry decision sees it. */
export interface AttemptFailure {
  /** Metric label and dead-letter reason detail: timeout, network, http_503, truncated … */
  reason: string;
  retriable: boolean;
  detail: string;
  status: number | null;
  retryAfterMs?: number;
}

/**
 * One crawl's state and the transitions every task shares. Each transition is persisted before the
 * crawl acts on it: a request is pending in the store before it is queued, done only once its items
 * are acknowledged, failed only once its dead letter is.
 */
export class CrawlContext {
  readonly counters = emptyCounters();
  private readonly stopFetches = new AbortController();

  constructor(
    readonly crawlId: string,
    readonly spider: Spider,
    readonly frontier: CrawlFrontier,
    readonly services: EngineServices,
    readonly sink: ItemSink,
    readonly deadLetters: PageDeadLetters,
    /** Ignore validators from earlier crawls: fetch and parse every page again. */
    readonly refresh = false,
  ) {}

  /** Aborted when a drain times out: fetches still running give up (their pages stay pending). */
  get abortSignal(): AbortSignal {
    return this.stopFetches.signal;
  }

  abortFetches(): void {
    this.stopFetches.abort();
  }

  append(records: readonly FrontierRecord[]): Promise<void> {
    this.services.metrics.frontierRecords.inc(records.length);
    return this.services.store.append(records);
  }

  /**
   * Turns requests a spider asked for into queued ones, in memory: offsite, too deep, over the page
   * cap and already seen ones are dropped. `base` resolves relative URLs; `depth` and `redirects`
   * are the new requests' own. They are persisted with the page that found them (`complete`).
   */
  plan(
    specs: readonly RequestSpec[],
    at: { base?: string; depth: number; redirects?: number },
  ): CrawlRequest[] {
    const { spider, frontier } = this;
    const added: CrawlRequest[] = [];
    for (const spec of specs) {
      let request: CrawlRequest;
      try {
        request = toCrawlRequest(spec, at);
      } catch {
        this.drop('bad-url');
        continue;
      }
      if (!/^https?:$/.test(new URL(request.url).protocol)) {
        this.drop('bad-url');
      } else if (!isAllowedDomain(request.url, spider.allowedDomains)) {
        this.drop('offsite');
      } else if (request.depth > spider.limits.maxDepth) {
        this.drop('depth');
      } else {
        const result = frontier.add(request);
        if (result === 'page-cap') this.drop('page-cap');
        else if (result === 'added') added.push(request);
      }
    }
    return added;
  }

  /** Plans requests and persists them as pending at once (a crawl's start requests). */
  async enqueue(
    specs: readonly RequestSpec[],
    at: { base?: string; depth: number; redirects?: number },
  ): Promise<number> {
    const added = this.plan(specs, at);
    if (added.length > 0) {
      const now = this.services.clock();
      await this.append(added.map((request) => pendingRecord(this.crawlId, request, now)));
    }
    return added.length;
  }

  /**
   * The request is finished: persisted as done, in one write with the requests it led to (those
   * not started yet: a started one has persisted itself) and the page's validators, if any. The
   * write lands whole or not at all, so a page is never done without its children.
   */
  async complete(
    request: CrawlRequest,
    outcome: 'parsed' | 'not-modified' | 'redirected',
    found: {
      children?: readonly CrawlRequest[];
      validators?: { etag: string | null; lastModified: string | null };
    } = {},
  ): Promise<void> {
    const now = this.services.clock();
    const records: FrontierRecord[] = (found.children ?? [])
      .filter((child) => this.frontier.isQueued(child.fingerprint))
      .map((child) => pendingRecord(this.crawlId, child, now));
    records.push({
      key: frontierKey.page(this.crawlId, request.fingerprint),
      value: { state: 'done', outcome, at: now },
    });
    const validators = found.validators;
    if (validators && (validators.etag !== null || validators.lastModified !== null)) {
      const entry = { ...validators, at: now };
      records.push({ key: frontierKey.validators(request.fingerprint), value: entry });
      this.services.validators.set(request.fingerprint, entry);
    }
    await this.append(records);
    if (outcome === 'not-modified') this.counters.notModified += 1;
    this.frontier.complete(request, 'done');
  }

  /** Schedules another attempt after a backoff (or Retry-After), or gives the page up. */
  async retryOrGiveUp(request: CrawlRequest, failure: AttemptFailure): Promise<void> {
    const { services } = this;
    if (failure.retriable && request.attempts < services.options.maxAttempts) {
      const backoff = backoffMs(request.attempts, services.options.retryBackoff);
      const retry = {
        ...request,
        notBefore: services.clock() + Math.max(backoff, failure.retryAfterMs ?? 0),
      };
      await this.append([pendingRecord(this.crawlId, retry, services.clock())]);
      services.metrics.retries.inc({ domain: domainOf(request.url), reason: failure.reason });
      this.counters.retries += 1;
      this.frontier.retry(retry);
      return;
    }
    await this.giveUp(request, {
      reason: failure.retriable ? 'retries_exhausted' : failure.reason,
      detail: failure.retriable
        ? `${request.attempts} attempts, the last: ${failure.detail}`
        : failure.detail,
      status: failure.status,
    });
  }

  /** Dead-letters the page with the reason, then persists it as failed. */
  async giveUp(
    request: CrawlRequest,
    why: { reason: string; detail: string; status: number | null },
  ): Promise<void> {
    const { services } = this;
    await this.deadLetters.send({
      url: request.url,
      spider: this.spider.name,
      crawlId: this.crawlId,
      reason: why.reason,
      detail: why.detail,
      attempts: request.attempts,
      status: why.status,
    });
    services.metrics.deadLetters.inc({ reason: why.reason });
    this.counters.deadLetters += 1;
    services.logger.warn(
      { url: request.url, spider: this.spider.name, reason: why.reason, detail: why.detail },
      'page given up and dead-lettered',
    );
    await this.append([
      {
        key: frontierKey.page(this.crawlId, request.fingerprint),
        value: { state: 'failed', reason: why.reason, at: services.clock() },
      },
    ]);
    this.frontier.complete(request, 'failed');
  }

  /** A request robots.txt disallows: never sent, counted, and finished as failed. */
  async robotsBlocked(request: CrawlRequest): Promise<void> {
    this.services.metrics.robotsBlocked.inc({ domain: domainOf(request.url) });
    this.counters.robotsBlocked += 1;
    await this.append([
      {
        key: frontierKey.page(this.crawlId, request.fingerprint),
        value: { state: 'failed', reason: 'robots', at: this.services.clock() },
      },
    ]);
    this.frontier.complete(request, 'failed');
  }

  logError(message: string, request: CrawlRequest, error: unknown): void {
    this.services.logger.error(
      { url: request.url, spider: this.spider.name, err: describeError(error) },
      message,
    );
  }

  private drop(reason: string): void {
    this.services.metrics.dropped.inc({ spider: this.spider.name, reason });
    this.counters.dropped += 1;
  }
}

/** Exponential backoff with "equal jitter": at least half the step, so a retry never comes at once. */
function backoffMs(
  attempt: number,
  options: { initialMs: number; maxMs: number; factor: number },
): number {
  const step = Math.min(
    options.maxMs,
    options.initialMs * options.factor ** Math.max(0, attempt - 1),
  );
  return Math.round(step / 2 + Math.random() * (step / 2));
}
