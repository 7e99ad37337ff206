import type { TopicSpec } from '@tributary/schemas';
import { Mutex } from './mutex';
import { PartitionBuffer } from './partition-buffer';
import type { PartitionLease } from './partition-lease';
import type { RecordDecoder } from './record-decoder';

/** Everything the sink holds for one assigned topic-partition. */
export class PartitionState {
  readonly buffer = new PartitionBuffer();
  readonly lock = new Mutex();
  /** The offset after the last record consumed (landed, buffered or dead-lettered). */
  nextOffset: bigint;
  highWatermark = 0n;
  /** Set once the partition is revoked or fenced: its buffer is dropped, never written. */
  revoked = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly spec: TopicSpec,
    readonly decoder: RecordDecoder,
    readonly lease: PartitionLease,
  ) {
    this.nextOffset = lease.nextOffset;
  }

  get id(): string {
    return `${this.topic}[${this.partition}]`;
  }

  /** Records consumed but not yet in a committed checkpoint (buffered rows or dead letters). */
  get hasUncommitted(): boolean {
    return this.nextOffset > this.lease.nextOffset;
  }
}
