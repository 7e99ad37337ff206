import { isRetriable, TributaryError } from '@tributary/runtime';
import type { AttemptFailure, CrawlContext } from './crawl-context';
import { frontierKey, pendingRecord } from './frontier/entries';
import { CrawlResponse, isTruncatedHtml } from './http/crawl-response';
import { FetchError, type FetchedPage } from './http/fetcher';
import { classifyStatus, parseRetryAfter } from './http/status-policy';
import type { PreparedItems } from './items/item-sink';
import type { DomainThrottle, PauseEvent } from './politeness/domain-throttle';
import type { CrawlRequest } from './request';
import { PageParseError } from './spider';

/**
 * One attempt at one request, from the moment its domain slot is reserved: persist the attempt
 * (and the domain's recent starts), fetch, give the slot back, then act on the answer — parse and
 * publish, follow a redirect, retry later, or give the page up.
 */
export async function runPageTask(
  context: CrawlContext,
  request: CrawlRequest,
  throttle: DomainThrottle,
): Promise<void> {
  try {
    await attemptPage(context, request, throttle);
  } finally {
    // The process-wide slot bounds pages in work (fetched, parsed, publishing), so memory stays
    // bounded when Kafka is slower than the site; the domain slot was given back at the answer.
    context.services.slots.release();
    context.services.wakeup.notify();
  }
}

async function attemptPage(
  context: CrawlContext,
  request: CrawlRequest,
  throttle: DomainThrottle,
): Promise<void> {
  const { services } = context;
  const domain = throttle.domain;
  let released = false;
  const release = (answer: Parameters<DomainThrottle['finished']>[0]): void => {
    if (released) return;
    released = true;
    const pause = throttle.finished(answer, services.clock());
    if (pause) onPause(context, throttle, pause);
    services.wakeup.notify();
  };

  const attempt: CrawlRequest = { ...request, attempts: request.attempts + 1, notBefore: 0 };
  let fetched: FetchedPage;
  try {
    const at = services.clock();
    const persisted = context.append([
      pendingRecord(context.crawlId, attempt, at),
      { key: frontierKey.domain(domain), value: throttle.state(at) },
    ]);
    // Durable before the request goes out when it matters: a retry's attempt count, and a polite
    // domain's starts (its cap and delay must survive a crash). With politeness off a first attempt
    // goes out at once; a crash may then cost one more fetch of the pages that were in flight.
    if (attempt.attempts > 1 || throttle.polite) await persisted;
    else persisted.catch(() => undefined);
    throttle.started(services.clock());
    context.counters.fetches += 1;
    fetched = await services.fetcher.fetch(
      attempt.url,
      requestHeaders(context, attempt),
      context.abortSignal,
    );
  } catch (error) {
    release({ kind: 'error' });
    if (error instanceof FetchError && error.kind !== 'aborted') {
      services.metrics.pages.inc({ spider: context.spider.name, domain, status: error.kind });
      await context.retryOrGiveUp(attempt, {
        reason: error.kind,
        retriable: error.retriable,
        detail: error.message,
        status: null,
      });
    } else {
      // Aborted by a shutdown, or the attempt could not be persisted: the page stays pending.
      context.frontier.abandon(attempt);
    }
    return;
  }

  const retryAfterMs = parseRetryAfter(fetched.headers['retry-after'], services.clock());
  release({
    kind: 'response',
    status: fetched.status,
    latencyMs: fetched.latencyMs,
    // A 429 without Retry-After still says "slow down": the domain waits the default. A 503 without
    // it is one page's trouble: that request is retried with backoff, the domain goes on.
    ...(retryAfterMs !== undefined
      ? { retryAfterMs }
      : fetched.status === 429
        ? { retryAfterMs: services.options.defaultRetryAfterMs }
        : {}),
  });
  services.metrics.pages.inc({
    spider: context.spider.name,
    domain,
    status: String(fetched.status),
  });
  services.metrics.bytes.inc({ domain }, fetched.wireBytes);
  services.metrics.fetchLatency.observe({ domain }, fetched.latencyMs / 1000);
  return handleAnswer(context, attempt, fetched, retryAfterMs);
}

async function handleAnswer(
  context: CrawlContext,
  request: CrawlRequest,
  fetched: FetchedPage,
  retryAfterMs: number | undefined,
): Promise<void> {
  const location = fetched.headers.location;
  switch (classifyStatus(fetched.status, location !== undefined)) {
    case 'ok':
      // Returned, not awaited: no frame holds the page while Kafka acknowledges its items.
      return publishParsed(context, request, parsePage(context, request, fetched));
    case 'not-modified':
      return context.complete(request, 'not-modified');
    case 'redirect': {
      if (request.redirects >= context.services.options.maxRedirects) {
        return context.giveUp(request, {
          reason: 'redirect_limit',
          detail: `more than ${context.services.options.maxRedirects} redirects`,
          status: fetched.status,
        });
      }
      const target = context.plan(
        [
          {
            url: location ?? '',
            callback: request.callback,
            meta: request.meta,
            conditional: request.conditional,
          },
        ],
        { base: request.url, depth: request.depth, redirects: request.redirects + 1 },
      );
      return context.complete(request, 'redirected', { children: target });
    }
    case 'retry':
      return context.retryOrGiveUp(request, {
        reason: `http_${fetched.status}`,
        retriable: true,
        detail: `HTTP ${fetched.status}`,
        status: fetched.status,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    case 'fail':
      return context.giveUp(request, {
        reason: 'http_status',
        detail: `HTTP ${fetched.status}`,
        status: fetched.status,
      });
  }
}

/** What reading a page gave: messages ready to publish and requests to queue, or a failure. */
type ParsedPage =
  | {
      kind: 'parsed';
      prepared: PreparedItems;
      children: CrawlRequest[];
      validators: { etag: string | null; lastModified: string | null };
    }
  | { kind: 'retry'; failure: AttemptFailure }
  | { kind: 'give-up'; reason: string; detail: string; status: number };

/**
 * Parses a 2xx page and prepares its items, synchronously: nothing of the page (body, document,
 * item objects) outlives this call, so the pages waiting for Kafka hold only serialized messages.
 */
function parsePage(context: CrawlContext, request: CrawlRequest, fetched: FetchedPage): ParsedPage {
  const { spider, services } = context;
  const response = new CrawlResponse(
    fetched.url,
    fetched.status,
    fetched.headers,
    fetched.body,
    new Date(services.clock()),
  );
  if (response.isHtml && isTruncatedHtml(fetched.body)) {
    services.metrics.parseFailures.inc({ spider: spider.name, reason: 'truncated' });
    return {
      kind: 'retry',
      failure: {
        reason: 'truncated',
        retriable: true,
        detail: `the HTML ends after ${fetched.body.length} bytes without </html>`,
        status: fetched.status,
      },
    };
  }
  let output: ReturnType<typeof spider.parse>;
  try {
    output = spider.parse(response, request);
  } catch (error) {
    const reason = error instanceof PageParseError ? error.reason : 'unexpected';
    services.metrics.parseFailures.inc({ spider: spider.name, reason });
    if (isRetriable(error)) {
      return {
        kind: 'retry',
        failure: { reason, retriable: true, detail: describe(error), status: fetched.status },
      };
    }
    if (!(error instanceof TributaryError)) context.logError('a spider threw', request, error);
    return {
      kind: 'give-up',
      reason: 'parse_failed',
      detail: `${reason}: ${describe(error)}`,
      status: fetched.status,
    };
  }
  return {
    kind: 'parsed',
    children: context.plan(output.follow ?? [], { base: response.url, depth: request.depth + 1 }),
    prepared: context.sink.prepare(
      { spider: spider.name, url: response.url, fetchedAt: response.fetchedAt },
      output.items ?? [],
    ),
    validators: {
      etag: fetched.headers.etag ?? null,
      lastModified: fetched.headers['last-modified'] ?? null,
    },
  };
}

/** Publishes a parsed page's items, then persists it as done with the requests it led to. */
async function publishParsed(
  context: CrawlContext,
  request: CrawlRequest,
  page: ParsedPage,
): Promise<void> {
  switch (page.kind) {
    case 'retry':
      return context.retryOrGiveUp(request, page.failure);
    case 'give-up':
      return context.giveUp(request, page);
    case 'parsed': {
      const accepted = await context.sink.publish(page.prepared);
      context.counters.itemsPublished += accepted.published;
      context.counters.itemsDuplicate += accepted.duplicates;
      context.counters.itemsInvalid += accepted.invalid;
      return context.complete(request, 'parsed', {
        children: page.children,
        validators: page.validators,
      });
    }
  }
}

function requestHeaders(context: CrawlContext, request: CrawlRequest): Record<string, string> {
  const headers: Record<string, string> = { ...context.spider.headers };
  if (!request.conditional || context.refresh) return headers;
  const validators = context.services.validators.get(request.fingerprint);
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}

export function onPause(context: CrawlContext, throttle: DomainThrottle, pause: PauseEvent): void {
  const { services } = context;
  const now = services.clock();
  if (pause.reason === 'cool-down') services.metrics.coolDowns.inc({ domain: throttle.domain });
  services.logger.warn(
    {
      domain: throttle.domain,
      reason: pause.reason,
      pausedForS: Math.round((pause.untilMs - now) / 1000),
    },
    pause.reason === 'cool-down'
      ? 'a run of 429 answers: the domain cools down'
      : 'the domain asked us to wait (Retry-After)',
  );
  // Persisted at once, so a restart during the pause keeps it.
  void context
    .append([{ key: frontierKey.domain(throttle.domain), value: throttle.state(now) }])
    .catch(() => undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
