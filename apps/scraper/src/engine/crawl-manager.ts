import { CrawlContext } from './crawl-context';
import { CrawlRun, type CrawlSummary } from './crawl-run';
import type { EngineServices } from './engine-services';
import { CrawlFrontier } from './frontier/crawl-frontier';
import {
  frontierKey,
  type CrawlEntry,
  type FrontierRecord,
  type FrontierSnapshot,
} from './frontier/entries';
import type { ItemSink, PageDeadLetters } from './items/item-sink';
import type { CrawlRange, Spider } from './spider';

/** A spider with where its items and given-up pages go. */
export interface SpiderBinding {
  spider: Spider;
  sink: ItemSink;
  deadLetters: PageDeadLetters;
}

/** One crawl per spider and date range: resuming the same command resumes the same crawl. */
export function crawlIdOf(spider: string, range: CrawlRange): string {
  return `${spider}:${range.from}:${range.to}`;
}

export type CrawlStatus = 'new' | 'unfinished' | 'running' | 'finished';

/**
 * Starts, resumes and finishes crawls over the durable frontier. At start the whole frontier is
 * read back: domains' politeness state and page validators apply at once; a crawl found running
 * (its process was killed) resumes from its pending requests, with the attempts they already had.
 * A finished crawl keeps only its `crawl|` record; its page records are deleted (tombstones).
 */
export class CrawlManager {
  private readonly running = new Map<string, CrawlRun>();
  private readonly startedAt = new Map<string, number>();
  private snapshot: FrontierSnapshot | undefined;

  constructor(private readonly services: EngineServices) {}

  async restore(): Promise<void> {
    const { services } = this;
    const snapshot = await services.store.load();
    for (const [domain, state] of snapshot.domains) services.throttles.get(domain).restore(state);
    for (const [fingerprint, validators] of snapshot.validators)
      services.validators.set(fingerprint, validators);
    // Tombstones a crash interrupted: a finished crawl's pages still there.
    const leftovers: FrontierRecord[] = [];
    for (const [crawlId, pages] of snapshot.pages) {
      if (snapshot.crawls.get(crawlId)?.status === 'running') continue;
      for (const fingerprint of pages.keys())
        leftovers.push({ key: frontierKey.page(crawlId, fingerprint), value: null });
      snapshot.pages.delete(crawlId);
    }
    if (leftovers.length > 0) await services.store.append(leftovers);
    this.snapshot = snapshot;
    services.logger.info(
      {
        records: snapshot.records,
        invalid: snapshot.invalid,
        unfinished: this.unfinished().map((crawl) => crawl.crawlId),
        domains: snapshot.domains.size,
        validators: snapshot.validators.size,
      },
      'frontier read back',
    );
  }

  /** Crawls a killed process left running, to resume. */
  unfinished(): { crawlId: string; spider: string; range: CrawlRange }[] {
    return [...(this.snapshot?.crawls ?? new Map<string, CrawlEntry>())]
      .filter(([crawlId, entry]) => entry.status === 'running' && !this.running.has(crawlId))
      .map(([crawlId, entry]) => ({
        crawlId,
        spider: entry.spider,
        range: { from: entry.from, to: entry.to },
      }));
  }

  status(spider: string, range: CrawlRange): CrawlStatus {
    const crawlId = crawlIdOf(spider, range);
    if (this.running.has(crawlId)) return 'running';
    const entry = this.snapshot?.crawls.get(crawlId);
    if (!entry) return 'new';
    return entry.status === 'finished' ? 'finished' : 'unfinished';
  }

  get active(): CrawlRun[] {
    return [...this.running.values()];
  }

  /** Starts a crawl of `range`, or resumes it where an earlier process left it. */
  async start(
    binding: SpiderBinding,
    range: CrawlRange,
    options: { refresh?: boolean } = {},
  ): Promise<CrawlRun> {
    const { services } = this;
    const { spider } = binding;
    const crawlId = crawlIdOf(spider.name, range);
    const existing = this.running.get(crawlId);
    if (existing) return existing;
    const frontier = new CrawlFrontier(spider.limits.maxPages);
    const context = new CrawlContext(
      crawlId,
      spider,
      frontier,
      services,
      binding.sink,
      binding.deadLetters,
      options.refresh ?? false,
    );
    const entry = this.snapshot?.crawls.get(crawlId);
    const pages = this.snapshot?.pages.get(crawlId);
    if (entry?.status === 'running' && pages) {
      for (const page of pages.values()) {
        if (page.state === 'pending')
          frontier.restorePending({ ...page.request, notBefore: page.request.notBefore });
      }
      for (const [fingerprint, page] of pages)
        if (page.state !== 'pending') frontier.restoreFinished(fingerprint, page.state);
      this.startedAt.set(crawlId, entry.startedAt);
      services.logger.info({ crawlId, ...frontier.counts }, 'resuming an unfinished crawl');
    } else {
      const startedAt = services.clock();
      this.startedAt.set(crawlId, startedAt);
      await context.append([
        {
          key: frontierKey.crawl(crawlId),
          value: {
            spider: spider.name,
            from: range.from,
            to: range.to,
            status: 'running',
            startedAt,
            finishedAt: null,
          },
        },
      ]);
      await context.enqueue(spider.startRequests(range), { depth: 0 });
      services.logger.info({ crawlId, startRequests: frontier.counts.queued }, 'crawl started');
    }
    this.snapshot?.crawls.delete(crawlId);
    this.snapshot?.pages.delete(crawlId);
    const run = new CrawlRun(context, range);
    this.running.set(crawlId, run);
    return run;
  }

  /** Runs a started crawl until it finishes or is stopped; a finished one is recorded as such. */
  /**
   * Runs a started crawl until it finishes or is stopped; a finished one is recorded as such. A
   * stopped crawl stays listed (its pages in flight go on) until `drainAll` has let them finish.
   */
  async run(run: CrawlRun): Promise<CrawlSummary> {
    const { services } = this;
    let stopped = false;
    try {
      const summary = await run.run();
      stopped = summary.outcome === 'stopped';
      if (summary.outcome === 'finished') await this.finish(run);
      services.metrics.crawls.inc({ spider: summary.spider, outcome: summary.outcome });
      services.logger.info({ ...summary }, `crawl ${summary.outcome}`);
      return summary;
    } finally {
      if (!stopped) this.running.delete(run.crawlId);
    }
  }

  /** Stops every running crawl from starting requests (the first shutdown step). */
  stopAll(): void {
    for (const run of this.running.values()) run.stop();
  }

  /** Lets in-flight pages finish, then aborts what is left (the second shutdown step). */
  async drainAll(timeoutMs: number): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async (run) => {
        await run.drain(timeoutMs);
        this.running.delete(run.crawlId);
      }),
    );
  }

  private async finish(run: CrawlRun): Promise<void> {
    const { context } = run;
    const { services } = this;
    const entry = {
      spider: context.spider.name,
      from: run.range.from,
      to: run.range.to,
      status: 'finished' as const,
      startedAt: this.startedAt.get(run.crawlId) ?? services.clock(),
      finishedAt: services.clock(),
    };
    await context.append([{ key: frontierKey.crawl(run.crawlId), value: entry }]);
    this.snapshot?.crawls.set(run.crawlId, entry);
    const tombstones: FrontierRecord[] = [];
    for (const fingerprint of context.frontier.fingerprints()) {
      tombstones.push({ key: frontierKey.page(run.crawlId, fingerprint), value: null });
    }
    await context.append(tombstones);
  }
}
