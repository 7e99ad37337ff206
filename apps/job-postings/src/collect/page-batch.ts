import type { Message } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { retry } from '@tributary/runtime';
import {
  deadLetterMessage,
  envelopeHeaders,
  JOBS_POSTINGS,
  newTraceparent,
  type JobPostingV2,
  type JobSource,
} from '@tributary/schemas';
import type { DeadLetterReason } from '../adapters/source-adapter';
import { claimValue } from '../kafka/fingerprint-table';
import type { JobTopics } from '../kafka/job-topics';
import type { JobPostingsMetrics } from '../metrics';
import type { DuplicateIndex, FirstSeen } from '../tracking/duplicate-index';
import type { Observation } from '../tracking/listing-tracker';
import { keyOf, type StateRecord } from '../tracking/state-records';
import type { OwnedPartition } from './owned-partition';

export const PRODUCER_NAME = 'job-postings';

/**
 * What one page (or a listing's end) publishes, gathered and then committed in one transaction:
 * changes to the output topic, dead letters, state records to the source's state partition and
 * dedupe claims. Nothing of it is applied in memory before the commit succeeded.
 */
export class PageBatch {
  private readonly changes: Message[] = [];
  private readonly deadLetters: Message[] = [];
  private readonly states: Message[] = [];
  private readonly claims: Message[] = [];
  private readonly applyStates: StateRecord[] = [];
  private readonly tombstones: string[] = [];
  private readonly applyClaims: [string, FirstSeen][] = [];
  private readonly published = new Map<JobPostingV2['change'], number>();
  private readonly deadByReason = new Map<DeadLetterReason, number>();
  private duplicateCount = 0;

  constructor(
    private readonly source: JobSource,
    private readonly topics: JobTopics,
    private readonly owned: OwnedPartition,
    private readonly now: number,
  ) {}

  get empty(): boolean {
    return (
      this.changes.length + this.deadLetters.length + this.states.length + this.claims.length ===
        0 && this.tombstones.length === 0
    );
  }

  add(observation: Observation): void {
    if (observation.change) this.change(observation.change);
    if (observation.state) this.state(observation.state);
    if (observation.claim) {
      const { dedupeKey, claim } = observation.claim;
      this.claims.push({ key: dedupeKey, value: claimValue(claim) });
      this.applyClaims.push([dedupeKey, claim]);
    }
  }

  change(record: JobPostingV2): void {
    this.changes.push({
      key: JOBS_POSTINGS.key(record),
      value: JSON.stringify(record),
      headers: envelopeHeaders({
        schema: JOBS_POSTINGS.schemaName,
        schemaVersion: JOBS_POSTINGS.schemaVersion,
        producer: PRODUCER_NAME,
        ingestedAt: new Date(this.now).toISOString(),
        sourceId: record.posting_id,
        traceparent: newTraceparent(),
      }),
    });
    this.published.set(record.change, (this.published.get(record.change) ?? 0) + 1);
    if (record.change === 'created' && record.duplicate_of) this.duplicateCount += 1;
  }

  state(record: StateRecord): void {
    this.states.push({
      key: keyOf(record),
      value: JSON.stringify(record),
      partition: this.owned.partition,
    });
    this.applyStates.push(record);
  }

  tombstone(key: string): void {
    this.states.push({ key, value: null, partition: this.owned.partition });
    this.tombstones.push(key);
  }

  deadLetter(letter: {
    reason: DeadLetterReason;
    detail: string;
    raw: string;
    location: string;
    postingId: string | null;
  }): void {
    this.deadLetters.push(
      deadLetterMessage(
        { ...letter, location: `${this.source} ${letter.location}` },
        new Date(this.now),
        letter.postingId,
      ),
    );
    this.deadByReason.set(letter.reason, (this.deadByReason.get(letter.reason) ?? 0) + 1);
  }

  /**
   * Commits everything in one transaction (retrying transient failures; a shutdown does not stop it,
   * so what a page gathered is published), then applies the states and claims in memory and counts
   * what was published. A fenced producer is not retried.
   */
  async commit(
    duplicates: DuplicateIndex,
    metrics: JobPostingsMetrics,
    logger: Logger,
  ): Promise<void> {
    if (this.empty) return;
    try {
      await retry(
        () =>
          this.owned.producer.commit(
            [
              { topic: this.topics.output, messages: this.changes },
              { topic: this.topics.deadLetters, messages: this.deadLetters },
              { topic: this.topics.state, messages: this.states },
              { topic: this.topics.fingerprints, messages: this.claims },
            ],
            logger,
          ),
        {
          retries: 3,
          initialMs: 500,
          maxMs: 5_000,
          onRetry: (error, attempt) =>
            logger.warn(
              { err: error, attempt, source: this.source },
              'transaction failed; retrying',
            ),
        },
      );
    } catch (error) {
      const fenced = (error as { code?: string }).code === 'JOBS_STATE_FENCED';
      metrics.transactions.inc({ outcome: fenced ? 'fenced' : 'failed' });
      throw error;
    }
    metrics.transactions.inc({ outcome: 'committed' });
    for (const record of this.applyStates) this.owned.state.apply(record);
    for (const key of this.tombstones) this.owned.state.delete(key);
    for (const [key, claim] of this.applyClaims) duplicates.apply(key, claim);
    if (this.applyClaims.length > 0) metrics.dedupeKeys.set(duplicates.size);
    for (const [change, count] of this.published)
      metrics.published.inc({ source: this.source, change }, count);
    for (const [reason, count] of this.deadByReason)
      metrics.deadLetters.inc({ source: this.source, reason }, count);
    if (this.duplicateCount > 0)
      metrics.duplicates.inc({ source: this.source }, this.duplicateCount);
  }
}
