import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { untilKafkaSettles } from '@tributary/runtime/kafka';
import type { JobTopics } from '../kafka/job-topics';
import { PartitionProducer, type TransactionalProducer } from '../kafka/partition-producer';
import { endOffsets, readPartitions } from '../kafka/state-reader';
import { PartitionState } from '../tracking/partition-state';

/** A state partition this instance owns: its state, rebuilt, and its transactional producer. */
export interface OwnedPartition {
  partition: number;
  state: PartitionState;
  producer: TransactionalProducer;
}

export interface ClaimOptions {
  /** Transactional ids are `<prefix>-state-<partition>`: one per partition across all instances. */
  transactionalPrefix: string;
  readTimeoutMs: number;
}

/**
 * Takes a state partition over: connecting its transactional producer fences every earlier owner
 * (whose open transaction is aborted), so the partition's end read right after covers everything
 * any owner ever committed; then the partition is replayed into memory.
 */
export async function claimPartition(
  kafka: Kafka,
  admin: Admin,
  topics: JobTopics,
  partition: number,
  options: ClaimOptions,
  logger: Logger,
): Promise<OwnedPartition> {
  const producer = await untilKafkaSettles(
    () => PartitionProducer.connect(kafka, `${options.transactionalPrefix}-state-${partition}`),
    logger,
  );
  try {
    const ends = await untilKafkaSettles(
      () => endOffsets(admin, topics.state, [partition]),
      logger,
    );
    const state = new PartitionState(partition);
    await readPartitions(
      kafka,
      topics.state,
      ends,
      (record) => state.applyRaw(record.key, record.value),
      { groupPrefix: options.transactionalPrefix, timeoutMs: options.readTimeoutMs, logger },
    );
    if (state.unreadable > 0) {
      logger.warn({ partition, unreadable: state.unreadable }, 'state records skipped: unreadable');
    }
    return { partition, state, producer };
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
}
