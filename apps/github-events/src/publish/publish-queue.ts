import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type Logger } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';
import { PartialPublishError, type RecordPublisher } from './record-publisher';

export interface PublishQueueOptions {
  /** Records held at most; `enqueue` waits (back-pressuring the poller) while the queue is full. */
  capacity: number;
  /** How long a small batch waits for more records before it is sent. */
  lingerMs?: number;
  backoff?: { initialMs: number; maxMs: number; factor: number };
  logger: Logger;
  onPublished?: (records: OutgoingRecord[]) => void;
  onFailure?: (error: unknown) => void;
}

/**
 * A bounded retry buffer in front of one target. Records are never dropped: a failed send is retried
 * with backoff (only the unpublished part of a partial failure), and while the buffer is full the
 * producer side waits. One queue per target, so a Kinesis outage never re-sends to Kafka.
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
    const backoff = this.options.backoff ?? { initialMs: 200, maxMs: 30_000, factor: 2 };
    let failures = 0;
    while (!this.stopping) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wakeDrain = resolve));
        this.wakeDrain = undefined;
        continue;
      }
      if (this.buffer.length < this.publisher.maxBatchRecords && (this.options.lingerMs ?? 0) > 0) {
        await sleep(this.options.lingerMs);
      }
      const batch = this.buffer.slice(0, this.publisher.maxBatchRecords);
      try {
        await this.publisher.publish(batch);
        this.take(batch.length);
        this.options.onPublished?.(batch);
        failures = 0;
      } catch (error) {
        if (error instanceof PartialPublishError) {
          const unpublished = new Set(error.unpublished);
          const published = batch.filter((record) => !unpublished.has(record));
          this.buffer.splice(0, batch.length, ...batch.filter((record) => unpublished.has(record)));
          if (published.length > 0) this.options.onPublished?.(published);
        }
        this.options.onFailure?.(error);
        const delayMs = backoffDelay(failures, backoff);
        failures += 1;
        this.options.logger.warn(
          {
            err: error,
            target: this.publisher.target,
            buffered: this.buffer.length,
            retryInMs: delayMs,
          },
          'publish failed; records stay buffered and are retried',
        );
        // Only stopping cuts a backoff short: new records arriving must not turn it into a tight loop.
        await sleep(delayMs, undefined, { signal: this.stopSignal.signal }).catch(() => undefined);
      }
      this.notify();
    }
  }

  private take(count: number): void {
    this.buffer.splice(0, count);
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
