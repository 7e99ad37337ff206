import type { TopicSpec } from '@tributary/schemas';
import { Mutex } from '../support/mutex';
import { PartitionBuffer } from './partition-buffer';
import type { PartitionDeadLetters } from '../exactly-once/dead-letter-log';
import type { PartitionLease } from '../exactly-once/partition-lease';

/** What a partition's state uses of its lease (a fake in unit tests). */
export type Lease = Pick<
  PartitionLease,
  'nextOffset' | 'epoch' | 'beginFlush' | 'commitFlush' | 'update' | 'progress' | 'deadLetterMark'
>;

/** What a partition's state uses of its dead letters (a fake in unit tests). */
export type DeadLetters = Pick<
  PartitionDeadLetters,
  'alreadySent' | 'send' | 'markNow' | 'markFor' | 'committed' | 'close'
>;

/** When a partition may promise that its hours are complete (SINK_HOUR_GRACE_S, SINK_HOUR_IDLE_S). */
export interface HourRules {
  graceMs: number;
  idleMs: number;
}

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
  /** The partition's end in Kafka, as last fetched (with a batch, or by the tick every few seconds). */
  highWatermark = 0n;
  /** The group offset this instance last committed for the partition (undefined: none since the claim). */
  groupCommitted: bigint | undefined;
  /** Set once the partition is revoked or fenced: its buffer is dropped, never written. */
  revoked = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly spec: TopicSpec,
    readonly lease: Lease,
    readonly deadLetters: DeadLetters,
  ) {
    this.nextOffset = lease.nextOffset;
    this.drainedOffset = lease.nextOffset;
  }

  get id(): string {
    return `${this.topic}[${this.partition}]`;
  }

  /**
   * How far this partition can promise that it holds no row of an earlier hour, or undefined when it
   * can promise nothing new now. Only when everything Kafka holds for it (up to `highWatermark`,
   * fetched just before) is committed; then, while records keep arriving, up to the latest committed
   * row time minus the grace (event time, out of order by at most the grace), and once the partition
   * has been idle for `idleMs`, up to now minus the grace. Never past now minus the grace. A record
   * that arrives for an hour after that is late: landed and announced as such.
   */
  hoursDoneThrough(nowMs: number, rules: HourRules): number | undefined {
    if (this.lease.nextOffset < this.highWatermark) return undefined;
    const { maxEventTimeMs, lastRecordAtMs } = this.lease.progress;
    const idle = lastRecordAtMs === undefined || nowMs - lastRecordAtMs >= rules.idleMs;
    const through = idle ? nowMs : (maxEventTimeMs ?? Number.NEGATIVE_INFINITY);
    return Math.min(through, nowMs) - rules.graceMs;
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
