import type { Logger } from '@tributary/runtime';
import { describeIssues, JobPostingV2, type JobSource } from '@tributary/schemas';
import type { ListedItem, ListingEnd, SourceAdapter } from '../adapters/source-adapter';
import type { JobTopics } from '../kafka/job-topics';
import type { SourceHttp } from '../http/source-http';
import type { JobPostingsMetrics } from '../metrics';
import type { PostingNormalizer } from '../normalize/posting-normalizer';
import { postingId } from '../normalize/source-posting';
import type { DuplicateIndex } from '../tracking/duplicate-index';
import { ListingTracker, type TrackerOptions } from '../tracking/listing-tracker';
import { postingKey, type RunLedger } from '../tracking/state-records';
import type { OwnedPartition } from './owned-partition';
import { PageBatch } from './page-batch';

export interface RunDependencies {
  source: JobSource;
  adapter: SourceAdapter;
  http: SourceHttp;
  normalizer: PostingNormalizer;
  duplicates: DuplicateIndex;
  topics: JobTopics;
  metrics: JobPostingsMetrics;
  logger: Logger;
  /** Who runs it (the instance id), written into the run ledger. */
  owner: string;
  tracker: Omit<TrackerOptions, 'closeAfterMisses'>;
  /** Closed postings' state is deleted (tombstoned) this long after they closed. */
  closedRetentionMs: number;
  now?: () => number;
}

/** `stopped`: stopped (shutdown, rebalance) before it listed anything; it counts as no run. */
export type RunOutcome = 'ok' | 'partial' | 'failed' | 'stopped';

export interface RunReport {
  outcome: RunOutcome;
  tenants: number;
  incomplete: string[];
}

/**
 * One run of one source on an owned state partition: records the run's start (so limits hold
 * across restarts), lists every tenant page by page — each page normalized, compared with the
 * state and committed in one transaction with its state — closes what complete listings no longer
 * show, forgets long-closed postings, and records the run's end. `signal` stops it between pages.
 */
export class CollectionRun {
  private readonly now: () => number;

  constructor(private readonly deps: RunDependencies) {
    this.now = deps.now ?? Date.now;
  }

  async run(owned: OwnedPartition, signal: AbortSignal): Promise<RunReport> {
    const { source, adapter, http, logger } = this.deps;
    const started = this.now();
    const previousStart = owned.state.run(source)?.started_at ?? 0;
    await this.ledger(owned, { started_at: started, finished_at: null });
    const incomplete: string[] = [];
    /** Listings that ended incomplete having listed nothing, and those that listed some first. */
    let failed = 0;
    let cutShort = 0;
    let listedTotal = 0;
    let tenants: (string | null)[] = [];
    try {
      tenants = await adapter.tenants(http, signal);
      for (const tenant of tenants) {
        if (signal.aborted) {
          incomplete.push('stopped before every tenant was listed');
          break;
        }
        const { end, listed } = await this.listTenant(owned, tenant, signal);
        listedTotal += listed;
        const outcome = end.complete ? 'complete' : end.incremental ? 'incremental' : 'incomplete';
        this.deps.metrics.listings.inc({ source, outcome });
        if (end.reason !== null) {
          incomplete.push(end.reason);
          if (end.reason !== 'stopped') {
            if (listed === 0) failed += 1;
            else cutShort += 1;
          }
          logger.warn({ source, tenant, reason: end.reason }, 'listing incomplete: nothing closed');
        }
      }
    } catch (error) {
      // Stopped while waiting for its turn (shutdown): end the run cleanly; anything else is thrown.
      if (!(signal.aborted && (error as Error).name === 'AbortError')) throw error;
      incomplete.push('stopped while waiting for the next request');
    }
    // A run stopped before it listed anything is no run: the next owner (or the next start) may
    // run the source as soon as its request limits allow, not a whole minimum interval later.
    const stoppedEmpty = signal.aborted && listedTotal === 0;
    await this.finish(owned, stoppedEmpty ? previousStart : started);
    if (stoppedEmpty) return { outcome: 'stopped', tenants: tenants.length, incomplete };
    // Failed: nothing could be listed (no tenant, or every listing failed before listing anything);
    // partial: some listing failed or was cut short (what it listed is published, nothing closed).
    const outcome: RunOutcome =
      (tenants.length === 0 && !signal.aborted) || (failed > 0 && failed === tenants.length)
        ? 'failed'
        : failed + cutShort > 0
          ? 'partial'
          : 'ok';
    return { outcome, tenants: tenants.length, incomplete };
  }

  private async listTenant(
    owned: OwnedPartition,
    tenant: string | null,
    signal: AbortSignal,
  ): Promise<{ end: ListingEnd; listed: number }> {
    const { source, adapter, http, duplicates, metrics, logger } = this.deps;
    const now = this.now();
    const known = owned.state.tenant(source, tenant);
    const tracker = new ListingTracker(known, duplicates, now, {
      ...this.deps.tracker,
      closeAfterMisses: adapter.closeAfterMisses,
    });
    const listing = adapter.listing(tenant, http, {
      known: (nativeId) => {
        const state = known.get(postingId(source, tenant, nativeId));
        return state ? { listingHash: state.listing_hash, checkedAt: state.checked_at } : undefined;
      },
      cursor: owned.state.cursor(source, tenant),
      now: this.now,
      signal,
    });
    let unidentified = false;
    let listed = 0;
    for (;;) {
      const next = await listing.next();
      if (next.done) {
        const end = next.value;
        const batch = new PageBatch(source, this.deps.topics, owned, now);
        if (end.complete && !unidentified && Number.isFinite(adapter.closeAfterMisses)) {
          for (const observation of tracker.closes()) batch.add(observation);
        }
        const cursor = owned.state.cursor(source, tenant);
        if (end.cursor !== undefined && end.cursor !== cursor) {
          batch.state({ kind: 'cursor', source, tenant, value: end.cursor });
        }
        await batch.commit(duplicates, metrics, logger);
        return {
          end:
            unidentified && end.complete
              ? { complete: false, reason: 'an element without its id was dead-lettered' }
              : end,
          listed,
        };
      }
      const page = next.value;
      const batch = new PageBatch(source, this.deps.topics, owned, now);
      for (const item of page.items) {
        if (item.kind !== 'bad') listed += 1;
        unidentified = this.addItem(item, tenant, tracker, batch, page.location) || unidentified;
      }
      await batch.commit(duplicates, metrics, logger);
    }
  }

  /** Adds one listed element to the page's batch; true when it was dead-lettered without an id. */
  private addItem(
    item: ListedItem,
    tenant: string | null,
    tracker: ListingTracker,
    batch: PageBatch,
    location: string,
  ): boolean {
    const { source, normalizer, metrics, logger } = this.deps;
    if (item.kind === 'unchanged') {
      metrics.seen.inc({ source });
      batch.add(
        tracker.observeUnchanged(postingId(source, tenant, item.nativeId), item.listingHash),
      );
      return false;
    }
    if (item.kind === 'bad') {
      const id = item.nativeId === null ? null : postingId(source, tenant, item.nativeId);
      if (id) tracker.markSeen(id);
      batch.deadLetter({ ...item, location, postingId: id });
      logger.warn({ source, location, reason: item.reason, detail: item.detail }, 'dead-lettered');
      return id === null && item.reason !== 'challenge_page' && item.reason !== 'malformed_json';
    }
    metrics.seen.inc({ source });
    const id = postingId(source, tenant, item.posting.nativeId);
    let observation;
    try {
      observation = tracker.observe(
        normalizer.normalize(item.posting, this.now()),
        item.listingHash ?? null,
      );
    } catch (error) {
      tracker.markSeen(id);
      const detail = error instanceof Error ? error.message : String(error);
      batch.deadLetter({
        reason: 'invalid_posting',
        detail,
        raw: JSON.stringify(item.raw),
        location,
        postingId: id,
      });
      return false;
    }
    if (observation.change) {
      const valid = JobPostingV2.safeParse(observation.change);
      if (!valid.success) {
        const detail = describeIssues(valid.error, { limit: 5 });
        batch.deadLetter({
          reason: 'invalid_posting',
          detail,
          raw: JSON.stringify(item.raw),
          location,
          postingId: id,
        });
        return false;
      }
    }
    batch.add(observation);
    return false;
  }

  /**
   * Records the run's end in the ledger and deletes the state of postings closed longer than the
   * retention (seen again, they count as created), in one transaction.
   */
  private async finish(owned: OwnedPartition, started: number): Promise<void> {
    const { source, duplicates, metrics, logger } = this.deps;
    const now = this.now();
    const batch = new PageBatch(source, this.deps.topics, owned, now);
    for (const posting of owned.state.ofSource(source)) {
      if (
        posting.status === 'closed' &&
        (posting.closed_at ?? 0) < now - this.deps.closedRetentionMs
      ) {
        batch.tombstone(postingKey(posting.posting_id));
      }
    }
    batch.state({
      kind: 'run',
      source,
      owner: this.deps.owner,
      started_at: started,
      finished_at: now,
      recent_requests: this.deps.http.recentRequests(),
    });
    await batch.commit(duplicates, metrics, logger);
  }

  private async ledger(
    owned: OwnedPartition,
    times: Pick<RunLedger, 'started_at' | 'finished_at'>,
  ): Promise<void> {
    const { source, duplicates, metrics, logger } = this.deps;
    const batch = new PageBatch(source, this.deps.topics, owned, this.now());
    batch.state({
      kind: 'run',
      source,
      owner: this.deps.owner,
      ...times,
      recent_requests: this.deps.http.recentRequests(),
    });
    await batch.commit(duplicates, metrics, logger);
  }
}
