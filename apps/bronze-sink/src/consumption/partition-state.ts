import type { TopicSpec } from '@tributary/schemas';
import { Mutex } from '../support/mutex';
import { PartitionBuffer } from './partition-buffer';
import type { PartitionLease } from '../exactly-once/partition-lease';

/** What a partition's state uses of its lease (a fake in unit tests). */
export type Lease = Pick<PartitionLease, 'nextOffset' | 'epoch' | 'beginFlush' | 'commitFlush'>;

/** Everything the sink holds for one assigned topic-partition. */
export class PartitionState {
  readonly buffer = new PartitionBuffer();
  readonly lock = new Mutex();
  /** The offset after the last record consumed (landed, buffered or dead-lettered). */
  nextOffset: bigint;
  /** The offset after the last record handed to a file write (`nextOffset` once the buffer is drained). */
  drainedOffset: bigint;
  /**
   * Bumped when the rows handed over since the last commit are given up (a write failed): writes
   * and decoded batches of an earlier generation are dropped, not landed.
   */
  generation = 0;
  /** File writes run one after another, in the order their rows were drained. */
  readonly writes = new Mutex();
  /** The earliest hour of each write drained and not yet committed (its rows are no longer buffered). */
  readonly writingHours = new Set<{ earliestHourMs: number }>();
  highWatermark = 0n;
  /** The latest row time among committed files; with the committed offset, it bounds the hours still open. */
  committedMaxTimeMs: number | undefined;
  /** Set once the partition is revoked or fenced: its buffer is dropped, never written. */
  revoked = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly spec: TopicSpec,
    readonly lease: Lease,
  ) {
    this.nextOffset = lease.nextOffset;
    this.drainedOffset = lease.nextOffset;
  }

  get id(): string {
    return `${this.topic}[${this.partition}]`;
  }

  /**
   * Every row this partition will still land has a time at or after this (minus nothing: callers
   * subtract the grace period). Based only on committed progress, so a fenced zombie cannot claim any.
   */
  doneThroughMs(nowMs: number, graceMs: number): number | undefined {
    const caughtUp =
      this.lease.nextOffset >= this.highWatermark && this.buffer.bufferedRecords === 0;
    const base = caughtUp ? nowMs : this.committedMaxTimeMs;
    if (base === undefined) return undefined;
    let earliest = this.buffer.earliestHour() ?? Number.POSITIVE_INFINITY;
    for (const write of this.writingHours) earliest = Math.min(earliest, write.earliestHourMs);
    return Math.min(base - graceMs, earliest);
  }

  /** Records consumed but not yet handed to a file write (buffered rows or dead letters). */
  get hasUndrained(): boolean {
    return this.nextOffset > this.drainedOffset;
  }

  /**
   * Gives up everything consumed since the last commit (a write failed, or the partition is no
   * longer ours): the caller re-reads from `lease.nextOffset`, or the partition's new owner does.
   */
  discardUncommitted(): void {
    this.generation++;
    this.buffer.release();
    this.nextOffset = this.lease.nextOffset;
    this.drainedOffset = this.lease.nextOffset;
  }
}
