import { setTimeout as sleep } from 'node:timers/promises';
import { retry, type Logger } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';
import {
  PartialPublishError,
  RecordsRejectedError,
  type RecordPublisher,
} from './record-publisher';

export interface PublishQueueOptions {
  /** Records held at most; `enqueue` waits (back-pressuring the poller) while the queue is full. */
  capacity: number;
  /** How long a small batch waits for more records before it is sent. */
  lingerMs?: number;
  backoff?: { initialMs: number; maxMs: number; factor: number };
  logger: Logger;
  onPublished?: (records: OutgoingRecord[]) => void;
  onFailure?: (error: unknown) => void;
  /** Records the target refused for what they are: dead-letter them (the queue goes on without them). */
  onRejected?: (rejected: RecordsRejectedError['rejected']) => Promise<void>;
}

/**
 * A bounded retry buffer in front of one target. Records are never dropped: a failure of the target
 * (down, throttling, a partial failure) is retried with backoff, resending only what is unpublished,
 * and while the buffer is full the producer side waits; records the target refuses for what they are
 * go to `onRejected` (the dead-letter topic) and the rest flows on. One queue per target, so a
 * Kinesis outage never re-sends to Kafka.
 */
export class PublishQueue {
  private readonly buffer: OutgoingRecord[] = [];
  private wakeDrain?: () => void;
  private readonly spaceWaiters: (() => void)[] = [];
  private readonly emptyWaiters: (() => void)[] = [];
  private running?: Promise<void>;
  private stopping = false;
  private readonly stopSignal = new AbortController();

  constructor(
    readonly publisher: RecordPublisher,
    private readonly options: PublishQueueOptions,
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  start(): void {
    this.running ??= this.drainLoop();
  }

  /** Accepts records once there is room for them (an empty queue always takes a batch). */
  async enqueue(records: OutgoingRecord[]): Promise<void> {
    while (this.buffer.length > 0 && this.buffer.length + records.length > this.options.capacity) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    const now = Date.now();
    for (const record of records) this.buffer.push({ ...record, enqueuedAt: now });
    this.wakeDrain?.();
  }

  /** Resolves when every record so far has been published. */
  async flushed(): Promise<void> {
    if (this.buffer.length === 0) return;
    await new Promise<void>((resolve) => this.emptyWaiters.push(resolve));
  }

  /** Publishes what is buffered (up to `timeoutMs`), then stops; returns the records left behind. */
  async stop(timeoutMs: number): Promise<number> {
    const timer = sleep(timeoutMs).then(() => 'timeout' as const);
    await Promise.race([this.flushed(), timer]);
    this.stopping = true;
    this.stopSignal.abort();
    this.wakeDrain?.();
    await this.running;
    return this.buffer.length;
  }

  private async drainLoop(): Promise<void> {
    while (!this.stopping) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wakeDrain = resolve));
        this.wakeDrain = undefined;
        continue;
      }
      if (this.buffer.length < this.publisher.maxBatchRecords && (this.options.lingerMs ?? 0) > 0) {
        await sleep(this.options.lingerMs);
      }
      // Stopping ends the retries; what is still buffered is reported by stop().
      await this.publishBatch(this.buffer.slice(0, this.publisher.maxBatchRecords)).catch(
        () => undefined,
      );
      this.notify();
    }
  }

  /** Publishes `batch` (the head of the buffer), retrying the target's failures until stopped. */
  private async publishBatch(batch: OutgoingRecord[]): Promise<void> {
    let pending = batch;
    // Only stopping cuts a backoff short: new records arriving must not turn it into a tight loop.
    await retry(
      async () => {
        while (pending.length > 0) {
          try {
            await this.publisher.publish(pending);
            this.done(pending);
            pending = [];
          } catch (error) {
            if (error instanceof RecordsRejectedError) {
              await this.options.onRejected?.(error.rejected);
              const rejected = new Set(error.rejected.map((entry) => entry.record));
              this.done([...rejected], false);
              pending = pending.filter((record) => !rejected.has(record));
              continue;
            }
            if (error instanceof PartialPublishError) {
              const unpublished = new Set(error.unpublished);
              this.done(pending.filter((record) => !unpublished.has(record)));
              pending = pending.filter((record) => unpublished.has(record));
            }
            throw error;
          }
        }
      },
      {
        retries: Infinity,
        ...(this.options.backoff ?? { initialMs: 200, maxMs: 30_000, factor: 2 }),
        // Whatever the client calls it, a failure of the target itself is worth waiting out.
        shouldRetry: () => !this.stopping,
        signal: this.stopSignal.signal,
        onRetry: (error, _attempt, delayMs) => {
          this.options.onFailure?.(error);
          this.options.logger.warn(
            {
              err: error,
              target: this.publisher.target,
              buffered: this.buffer.length,
              retryInMs: delayMs,
            },
            'publish failed; records stay buffered and are retried',
          );
        },
      },
    );
  }

  /** Takes records that left the queue (published, or dead-lettered) out of the buffer. */
  private done(records: OutgoingRecord[], published = true): void {
    if (records.length === 0) return;
    const gone = new Set(records);
    let write = 0;
    for (const record of this.buffer) if (!gone.has(record)) this.buffer[write++] = record;
    this.buffer.length = write;
    if (published) this.options.onPublished?.(records);
  }

  private notify(): void {
    while (
      this.spaceWaiters.length > 0 &&
      (this.buffer.length === 0 || this.buffer.length < this.options.capacity)
    ) {
      this.spaceWaiters.shift()?.();
    }
    if (this.buffer.length === 0) for (const resolve of this.emptyWaiters.splice(0)) resolve();
  }
}
