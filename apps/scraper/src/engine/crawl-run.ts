import { setTimeout as sleep } from 'node:timers/promises';
import type { CrawlContext, CrawlCounters } from './crawl-context';
import { runPageTask } from './page-task';
import type { CrawlRequest } from './request';
import { runRobotsTask } from './robots-task';
import type { CrawlRange } from './spider';

export interface CrawlSummary {
  crawlId: string;
  spider: string;
  range: CrawlRange;
  /** `running` for a progress report of a crawl still going. */
  outcome: 'finished' | 'stopped' | 'running';
  pages: { done: number; failed: number; open: number };
  counters: CrawlCounters;
  durationMs: number;
}

/**
 * The scheduling loop of one crawl: promote due retries, then for each domain with queued requests
 * (taken in turn) make sure robots.txt is known, and start requests while the domain's throttle and
 * the process-wide slots allow; otherwise sleep until the earliest moment one could start, or until
 * a request finishes. The crawl is finished when nothing is queued, waiting or in flight.
 */
export class CrawlRun {
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private cursor = 0;
  private readonly startedAt: number;

  constructor(
    readonly context: CrawlContext,
    readonly range: CrawlRange,
  ) {
    this.startedAt = context.services.clock();
  }

  get crawlId(): string {
    return this.context.crawlId;
  }

  async run(): Promise<CrawlSummary> {
    const { services, frontier } = this.context;
    while (!this.stopping) {
      const now = services.clock();
      frontier.promote(now);
      this.dispatch(now);
      if (frontier.open === 0 && this.tasks.size === 0) break;
      await services.wakeup.wait(this.nextWakeAt(now) - now, this.stopSignal.signal);
    }
    return this.summary(this.stopping ? 'stopped' : 'finished');
  }

  /** Stops starting requests (intake); requests in flight go on until `drain`. */
  stop(): void {
    this.stopping = true;
    this.stopSignal.abort();
  }

  /**
   * Waits for in-flight pages to finish (fetched, published, persisted) for up to `timeoutMs`, then
   * aborts the fetches still running; their pages stay pending and are fetched again next time.
   */
  async drain(timeoutMs: number): Promise<void> {
    const all = () => Promise.all([...this.tasks]).then(() => 'drained' as const);
    if (
      (await Promise.race([all(), sleep(timeoutMs).then(() => 'timeout' as const)])) === 'drained'
    )
      return;
    this.context.services.logger.warn(
      { crawlId: this.crawlId, inFlight: this.tasks.size },
      'pages still in flight after the drain timeout; aborting their fetches',
    );
    this.context.abortFetches();
    await Promise.race([all(), sleep(2_000)]);
  }

  summary(outcome: CrawlSummary['outcome']): CrawlSummary {
    const { frontier, counters, spider, services } = this.context;
    return {
      crawlId: this.crawlId,
      spider: spider.name,
      range: this.range,
      outcome,
      pages: { done: frontier.done, failed: frontier.failed, open: frontier.open },
      counters: { ...counters },
      durationMs: services.clock() - this.startedAt,
    };
  }

  private dispatch(now: number): void {
    const { services, frontier } = this.context;
    const domains = frontier.domains();
    for (let index = 0; index < domains.length; index++) {
      if (!services.slots.available) return;
      const domain = domains[(this.cursor + index) % domains.length] ?? '';
      const head = frontier.peek(domain);
      if (!head) continue;
      const origin = new URL(head.url).origin;
      const throttle = services.throttles.get(domain);
      const robots = services.robots.lookup(origin, now);
      switch (robots.state) {
        case 'fetch':
          if (throttle.readyAt(now) <= now) {
            throttle.reserve(now);
            services.slots.take();
            this.track(runRobotsTask(this.context, origin, throttle));
          }
          continue;
        case 'fetching':
        case 'wait':
          continue;
        case 'given-up':
          this.giveUpDomain(domain, robots.failures);
          continue;
        case 'ready':
          throttle.setCrawlDelay(robots.rules.crawlDelayMs ?? 0);
      }
      while (services.slots.available && throttle.readyAt(now) <= now) {
        const next = frontier.peek(domain);
        if (!next || new URL(next.url).origin !== origin) break;
        const request = frontier.take(domain);
        if (!request) break;
        if (!robots.rules.isAllowed(request.url)) {
          this.track(this.context.robotsBlocked(request), request);
          continue;
        }
        throttle.reserve(now);
        services.slots.take();
        this.track(runPageTask(this.context, request, throttle), request);
      }
    }
    this.cursor += 1;
  }

  /** The earliest time something could start: a retry falls due, a throttle opens, robots.txt may be retried. */
  private nextWakeAt(now: number): number {
    const { services, frontier } = this.context;
    let next = frontier.nextRetryAt();
    // Every slot of the process is taken: only a finishing page (which notifies) can change that.
    if (!services.slots.available) return next;
    for (const domain of frontier.domains()) {
      const head = frontier.peek(domain);
      if (!head) continue;
      const robots = services.robots.lookup(new URL(head.url).origin, now);
      if (robots.state === 'wait') next = Math.min(next, robots.untilMs);
      else if (robots.state !== 'fetching')
        next = Math.min(next, services.throttles.get(domain).readyAt(now));
    }
    return next;
  }

  private giveUpDomain(domain: string, failures: number): void {
    const { frontier } = this.context;
    for (let request = frontier.take(domain); request; request = frontier.take(domain)) {
      this.track(
        this.context.giveUp(request, {
          reason: 'robots_unreachable',
          detail: `robots.txt of ${domain} could not be read in ${failures} attempts`,
          status: null,
        }),
        request,
      );
    }
  }

  private track(work: Promise<void>, request?: CrawlRequest): void {
    const task: Promise<void> = work
      .catch((error: unknown) => {
        // Only a store or publish failure gets here (at shutdown): the page stays pending.
        if (request) {
          this.context.logError('a page could not be finished; it stays pending', request, error);
          this.context.frontier.abandon(request);
        }
      })
      .finally(() => {
        this.tasks.delete(task);
        this.context.services.wakeup.notify();
      });
    this.tasks.add(task);
  }
}
