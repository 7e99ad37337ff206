import type { Logger } from '@tributary/runtime';
import type { SinkMetrics } from '../sink-metrics';
import type { ConsumerHandle } from './consumer-handle';
import type { PartitionState } from './partition-state';

/**
 * Keeps the consumer group's committed offsets equal to the S3 checkpoints, for everything that
 * watches group lag (Kafka tooling, Burrow, the KEDA scaler that scales these sinks). The checkpoint
 * stays authoritative for where consumption resumes; a commit that fails (a rebalance is under way)
 * is made again by `converge`, which runs after every claim, every few seconds while idle, and at
 * shutdown — so a partition that receives no more data still ends with group lag 0.
 */
export class GroupOffsets {
  constructor(
    private readonly consumer: Pick<ConsumerHandle, 'commit'>,
    private readonly metrics: SinkMetrics,
    private readonly logger: Logger,
  ) {}

  /** Commits `offset` as the partition's group offset unless it is no longer ours. */
  async commit(state: PartitionState, offset: bigint): Promise<void> {
    // Once revoked (a write may finish after that), the partition's group offset is the new owner's.
    if (state.revoked) return;
    try {
      if (await this.consumer.commit(state.topic, state.partition, offset))
        state.groupCommitted = offset;
    } catch (error) {
      this.metrics.offsetCommitFailures.inc({ topic: state.topic });
      this.logger.warn(
        { err: error, partition: state.id, offset: offset.toString() },
        'Kafka offset commit failed; it is made again from the checkpoint within seconds',
      );
    }
  }

  /** Brings every owned partition's group offset up to its checkpoint's `nextOffset`. */
  async converge(states: readonly PartitionState[]): Promise<void> {
    for (const state of states) {
      const checkpoint = state.lease.nextOffset;
      if (state.groupCommitted === undefined || state.groupCommitted < checkpoint)
        await this.commit(state, checkpoint);
    }
  }
}
