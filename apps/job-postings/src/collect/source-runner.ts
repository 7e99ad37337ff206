import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, type Logger } from '@tributary/runtime';
import type { JobSource } from '@tributary/schemas';
import type { SourceConfig } from '../config/sources-config';
import type { Pacer } from '../http/pacer';
import type { JobPostingsMetrics } from '../metrics';
import type { CollectionRun, RunReport } from './collection-run';
import type { OwnedPartition } from './owned-partition';

/**
 * One source's runs: at most one at a time, never before the ledger allows (the minimum interval
 * between run starts, kept across restarts and owners), stoppable between pages.
 */
export class SourceRunner {
  private current: Promise<RunReport | undefined> | undefined;
  private stopper: AbortController | undefined;
  /** Claimed with a run that never finished: the next run is due now (see `takeOver`). */
  private resumesUnfinished = false;

  constructor(
    readonly source: JobSource,
    readonly config: SourceConfig,
    private readonly collection: CollectionRun,
    private readonly pacer: Pacer,
    private readonly metrics: JobPostingsMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get busy(): boolean {
    return this.current !== undefined;
  }

  /**
   * When the next run may start: the last start plus the minimum interval; 0 for a first run, and
   * right after a claim that found the last run unfinished.
   */
  dueAt(owned: OwnedPartition): number {
    const ledger = owned.state.run(this.source);
    if (!ledger || (this.resumesUnfinished && ledger.finished_at === null)) return 0;
    return ledger.started_at + this.config.minRunIntervalS * 1000;
  }

  /**
   * At a claim: an earlier owner's requests count against the limits here too. A run that finished
   * recorded its requests of the last window; one that never finished (its owner died) may have
   * made requests after its last record, so the limits are then taken as used up now. Such a run
   * (its owner died, or lost the source mid-run in a rebalance and could not record its end) does
   * not hold the source back for the minimum interval: its listing was cut short, so the new owner
   * runs the source again as soon as those limits allow (decision 0048).
   */
  takeOver(owned: OwnedPartition): void {
    const ledger = owned.state.run(this.source);
    this.resumesUnfinished = ledger?.finished_at === null;
    if (!ledger) return;
    if (ledger.finished_at === null) this.pacer.assumeExhaustedAt(this.now());
    else this.pacer.seed(ledger.recent_requests, ledger.finished_at);
  }

  /** Starts a run in the background if none runs and one is due; `onError` hears why one failed. */
  startIfDue(owned: OwnedPartition, onError: (error: unknown) => void): boolean {
    if (this.current || this.now() < this.dueAt(owned)) return false;
    const stopper = new AbortController();
    this.stopper = stopper;
    this.current = this.runOnce(owned, stopper.signal)
      .catch((error: unknown) => {
        onError(error);
        return undefined;
      })
      .finally(() => {
        this.current = undefined;
        this.stopper = undefined;
      });
    return true;
  }

  /** Waits until the run is due (abortable), then runs it. */
  async runWhenDue(owned: OwnedPartition, signal: AbortSignal): Promise<RunReport> {
    const wait = this.dueAt(owned) - this.now();
    if (wait > 0) {
      this.logger.info(
        { source: this.source, dueAt: new Date(this.dueAt(owned)).toISOString() },
        'the last run started too recently; waiting for the minimum interval',
      );
      await sleep(wait, undefined, { signal });
    }
    return this.runOnce(owned, signal);
  }

  /** Stop intake: the run ends after the page it is on. */
  stop(): void {
    this.stopper?.abort();
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    await this.current;
  }

  private async runOnce(owned: OwnedPartition, signal: AbortSignal): Promise<RunReport> {
    this.resumesUnfinished = false;
    const started = this.now();
    try {
      const report = await this.collection.run(owned, signal);
      this.metrics.runs.inc({ source: this.source, outcome: report.outcome });
      if (report.outcome === 'ok')
        this.metrics.lastSuccess.set({ source: this.source }, this.now() / 1000);
      const counts = owned.state.counts(this.source);
      this.metrics.statePostings.set({ source: this.source, status: 'open' }, counts.open);
      this.metrics.statePostings.set({ source: this.source, status: 'closed' }, counts.closed);
      this.logger.info(
        {
          source: this.source,
          ...report,
          open: counts.open,
          seconds: (this.now() - started) / 1000,
        },
        'run finished',
      );
      return report;
    } catch (error) {
      const fenced = (error as { code?: string }).code === 'JOBS_STATE_FENCED';
      this.metrics.runs.inc({ source: this.source, outcome: fenced ? 'fenced' : 'failed' });
      this.logger.error({ source: this.source, error: describeError(error) }, 'run failed');
      throw error;
    } finally {
      this.metrics.runDuration.observe({ source: this.source }, (this.now() - started) / 1000);
    }
  }
}
