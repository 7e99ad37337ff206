import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@tributary/runtime';
import type { SeenWindow } from '../dedupe/seen-window';
import type { EventPipeline } from '../event-pipeline';
import type { GithubEventsMetrics } from '../metrics';
import type { EventsClient, PageResult } from './events-client';
import {
  errorWaitMs,
  pollWaitMs,
  rateLimitedWaitMs,
  type PolitenessOptions,
  type RateLimitState,
} from './rate-limit';
import type { UpstreamHealth } from './upstream-health';

export interface PollerOptions extends PolitenessOptions {
  maxPages: number;
  minPollIntervalMs: number;
}

/** One token's client and how long it must rest after a rate limit. */
interface TokenSlot {
  client: EventsClient;
  restUntil: number;
}

function eventId(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Polls `GET /events` the way GitHub asks: conditional requests with the last ETag (a 304 is free),
 * never faster than `X-Poll-Interval`, budget spread to the rate-limit reset, the documented waits
 * on 403/429, backoff on errors; pages further back when the newest page holds nothing already seen.
 */
export class EventsPoller {
  private readonly slots: TokenSlot[];
  private etag?: string;
  private pollIntervalMs = 60_000;
  private limits: RateLimitState = {};
  private consecutiveLimits = 0;
  private consecutiveErrors = 0;
  private polledBefore = false;

  constructor(
    clients: EventsClient[],
    private readonly pipeline: EventPipeline,
    private readonly seen: SeenWindow,
    private readonly metrics: GithubEventsMetrics,
    private readonly logger: Logger,
    private readonly options: PollerOptions,
    private readonly health: UpstreamHealth,
  ) {
    if (clients.length === 0) throw new Error('at least one events client is needed');
    this.slots = clients.map((client) => ({ client, restUntil: 0 }));
  }

  /** Polls until `signal` aborts; each wait is cut short by the abort. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const waitMs = await this.pollOnce();
      this.metrics.pollInterval.set(waitMs / 1000);
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One poll (plus gap pages); returns how long to wait before the next one. */
  async pollOnce(now = Date.now()): Promise<number> {
    const slot = this.slots.find((candidate) => candidate.restUntil <= now);
    if (!slot) {
      return Math.max(0, Math.min(...this.slots.map((candidate) => candidate.restUntil)) - now);
    }
    const first = await slot.client.fetchPage(1, this.etag);
    this.observe(first, slot);
    switch (first.kind) {
      case 'not-modified':
        this.metrics.polls.inc({ outcome: '304' });
        this.consecutiveLimits = 0;
        this.consecutiveErrors = 0;
        return this.nextPollWaitMs();
      case 'ok':
        this.metrics.polls.inc({ outcome: '200' });
        this.consecutiveLimits = 0;
        this.consecutiveErrors = 0;
        await this.collect(slot, first);
        return this.nextPollWaitMs();
      case 'rate-limited': {
        this.metrics.polls.inc({ outcome: String(first.status) });
        this.consecutiveLimits += 1;
        const waitMs = rateLimitedWaitMs(first.headers, this.consecutiveLimits, this.options);
        slot.restUntil = Date.now() + waitMs;
        this.logger.warn(
          { status: first.status, waitMs, tokens: this.slots.length },
          'rate limited by GitHub; waiting as its headers say',
        );
        // Another token may poll at once; the interval still applies.
        const other = this.slots.find((candidate) => candidate.restUntil <= Date.now());
        return other ? this.nextPollWaitMs() : waitMs;
      }
      case 'failed': {
        this.metrics.polls.inc({ outcome: first.outcome });
        this.consecutiveErrors += 1;
        const waitMs = errorWaitMs(this.pollIntervalMs, this.consecutiveErrors - 1, this.options);
        const { failure } = first;
        this.logger.warn(
          {
            reason: failure.reason,
            ...(failure.status !== undefined ? { status: failure.status } : {}),
            ...(failure.code ? { code: failure.code } : {}),
            failingForS: Math.round(this.health.failingForMs() / 1000),
            waitMs,
          },
          `GET /events failed: ${failure.detail}; next try in ${Math.round(waitMs / 1000)} s`,
        );
        return waitMs;
      }
    }
  }

  /** What every answer (or failure) says: the interval, the token's budget, whether GitHub answers. */
  private observe(result: PageResult, slot: TokenSlot): void {
    if (result.kind === 'failed') {
      this.health.failed(result.failure);
      this.metrics.pollFailures.inc({ reason: result.failure.reason });
    } else {
      this.health.answered();
    }
    if ('pollIntervalS' in result && result.pollIntervalS !== undefined) {
      this.pollIntervalMs = result.pollIntervalS * 1000;
    }
    // Only from a real x-ratelimit-remaining header: no answer means nothing is known.
    if (result.limits.remaining !== undefined) {
      this.limits = result.limits;
      this.metrics.rateLimitRemaining.set({ token: slot.client.label }, result.limits.remaining);
    }
  }

  private nextPollWaitMs(): number {
    return Math.max(this.options.minPollIntervalMs, pollWaitMs(this.pollIntervalMs, this.limits));
  }

  /** Newest page first; more pages while none of what came back was seen before (a gap). */
  private async collect(
    slot: TokenSlot,
    first: Extract<PageResult, { kind: 'ok' }>,
  ): Promise<void> {
    const pages: unknown[][] = [first.events];
    let overlaps = first.events.some((value) => this.wasSeen(value));
    let hasNext = first.hasNext;
    let page = 1;
    let pagingFailed = false;
    while (!overlaps && hasNext && page < this.options.maxPages) {
      page += 1;
      const next = await slot.client.fetchPage(page);
      this.observe(next, slot);
      if (next.kind !== 'ok') {
        this.metrics.polls.inc({
          outcome:
            next.kind === 'failed'
              ? next.outcome
              : next.kind === 'rate-limited'
                ? String(next.status)
                : '304',
        });
        pagingFailed = true;
        break;
      }
      this.metrics.polls.inc({ outcome: '200' });
      if (this.polledBefore) this.metrics.gapPages.inc();
      pages.push(next.events);
      overlaps = next.events.some((value) => this.wasSeen(value));
      hasNext = next.hasNext;
    }
    if (!overlaps && this.polledBefore) {
      this.metrics.gaps.inc();
      this.logger.warn(
        { pages: pages.length, pagingFailed },
        'gap: no already-seen event within the pages GitHub keeps; events may have been missed',
      );
    }
    this.polledBefore = true;
    if (first.etag) this.etag = first.etag;
    // Pages are newest first; publish oldest first so per-repo order follows GitHub's.
    const events = pages
      .flatMap((values, index) =>
        values.map((value) => ({ value, location: `github-api /events?page=${index + 1}` })),
      )
      .reverse();
    await this.pipeline.accept(events);
  }

  private wasSeen(value: unknown): boolean {
    const id = eventId(value);
    return id !== undefined && this.seen.has(id);
  }
}
