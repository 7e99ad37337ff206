import type { TopicSpec } from '@tributary/schemas';
import { Mutex } from './mutex';
import { PartitionBuffer } from './partition-buffer';
import type { PartitionLease } from './partition-lease';

/** Everything the sink holds for one assigned topic-partition. */
export class PartitionState {
  readonly buffer = new PartitionBuffer();
  readonly lock = new Mutex();
  /** The offset after the last record consumed (landed, buffered or dead-lettered). */
  nextOffset: bigint;
  highWatermark = 0n;
  /** The latest row time among committed files; with the committed offset, it bounds the hours still open. */
  committedMaxTimeMs: number | undefined;
  /** Set once the partition is revoked or fenced: its buffer is dropped, never written. */
  revoked = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly spec: TopicSpec,
    readonly lease: PartitionLease,
  ) {
    this.nextOffset = lease.nextOffset;
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
    const earliestBuffered = this.buffer.earliestHour();
    return Math.min(base - graceMs, earliestBuffered ?? Number.POSITIVE_INFINITY);
  }

  /** Records consumed but not yet in a committed checkpoint (buffered rows or dead letters). */
  get hasUncommitted(): boolean {
    return this.nextOffset > this.lease.nextOffset;
  }
}
