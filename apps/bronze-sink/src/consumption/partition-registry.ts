import type { Logger } from '@tributary/runtime';
import { topicSpec, type TopicSpec } from '@tributary/schemas';
import type { SinkConfig } from '../config/env';
import type { CheckpointStore } from '../exactly-once/checkpoint-store';
import type { DeadLetterLog } from '../exactly-once/dead-letter-log';
import { PartitionLease } from '../exactly-once/partition-lease';
import { PartitionState } from './partition-state';
import type { TopicOffsets } from './topic-offsets';

/** A claim is an S3 read and write and two Kafka admin requests; 128 at once added ~60 MiB of RSS. */
const CLAIMS_AT_ONCE = 8;

export const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;

export interface RegistryDependencies {
  checkpoints: CheckpointStore;
  offsets: TopicOffsets;
  deadLetters: Pick<DeadLetterLog, 'forPartition'>;
  config: Pick<SinkConfig, 'instanceId' | 'startPosition'>;
  logger: Logger;
  now: () => number;
}

/**
 * The partitions this instance owns. The group's assignment says which; owning one means holding its
 * lease in S3 (claimed with a conditional write that fences any earlier owner). Assignments are
 * handled one after another, in the order the group made them: revoked partitions drop what they
 * had not committed, assigned ones are claimed at once, even those that get no records.
 */
export class PartitionRegistry {
  private readonly partitions = new Map<string, PartitionState>();
  private readonly claiming = new Map<string, Promise<PartitionState>>();
  /** The group's latest assignment to this member, by `partitionKey`. */
  private assigned = new Map<string, { topic: string; partition: number }>();
  private assignments: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RegistryDependencies) {}

  /** The owned partitions' states. */
  states(): PartitionState[] {
    return [...this.partitions.values()];
  }

  isAssigned(topic: string, partition: number): boolean {
    return this.assigned.has(partitionKey(topic, partition));
  }

  /** The group gave this member a new assignment (topic → partitions). */
  assign(memberAssignment: Record<string, number[] | undefined>): void {
    this.assigned = new Map(
      Object.entries(memberAssignment).flatMap(([topic, partitions]) =>
        (partitions ?? []).map((partition) => [
          partitionKey(topic, partition),
          { topic, partition },
        ]),
      ),
    );
    this.assignments = this.assignments
      .then(() => this.onAssignment())
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error }, 'handling the new assignment failed'),
      );
  }

  /** The partition's state, claiming it first if this instance does not hold it yet. */
  state(topic: string, partition: number): Promise<PartitionState> {
    const key = partitionKey(topic, partition);
    const existing = this.partitions.get(key);
    if (existing) return Promise.resolve(existing);
    let claim = this.claiming.get(key);
    if (!claim) {
      claim = this.claim(topic, partition).finally(() => this.claiming.delete(key));
      this.claiming.set(key, claim);
    }
    return claim;
  }

  /** Forgets `state` (fenced, or revoked), unless a newer claim of the partition replaced it. */
  remove(state: PartitionState): void {
    const key = partitionKey(state.topic, state.partition);
    if (this.partitions.get(key) === state) this.partitions.delete(key);
    void state.deadLetters.close();
  }

  /** After the consumer left the group: nothing is owned any more. */
  async clear(): Promise<void> {
    await Promise.all(this.states().map((state) => state.deadLetters.close()));
    this.partitions.clear();
    this.claiming.clear();
    this.assigned = new Map();
  }

  private async onAssignment(): Promise<void> {
    for (const state of this.states()) {
      if (this.isAssigned(state.topic, state.partition)) continue;
      await state.lock.run(() => {
        // Not ours any more: the new owner re-reads from the checkpoint, so uncommitted rows are dropped.
        state.revoked = true;
        state.discardUncommitted();
        return Promise.resolve();
      });
      this.remove(state);
      this.deps.logger.info({ partition: state.id }, 'partition revoked');
    }
    await this.claimUnclaimed();
  }

  /**
   * Claims every assigned partition this instance does not hold yet, a few at a time. Also run every
   * few seconds: a claim that failed (S3 or Kafka unavailable for a moment) is tried again even if the
   * partition gets no records, so it reports its hours and group offset.
   */
  async claimUnclaimed(): Promise<void> {
    const unclaimed = [...this.assigned.entries()]
      .filter(([key]) => !this.partitions.has(key))
      .map(([, assignment]) => assignment);
    for (let start = 0; start < unclaimed.length; start += CLAIMS_AT_ONCE) {
      const results = await Promise.allSettled(
        unclaimed
          .slice(start, start + CLAIMS_AT_ONCE)
          .map(({ topic, partition }) => this.state(topic, partition)),
      );
      results.forEach((result, index) => {
        if (result.status === 'rejected') {
          const { topic, partition } = unclaimed[start + index]!;
          this.deps.logger.warn(
            { err: result.reason, partition: `${topic}[${partition}]` },
            'claiming the partition failed; trying again in a few seconds',
          );
        }
      });
    }
  }

  private async claim(topic: string, partition: number): Promise<PartitionState> {
    const { checkpoints, offsets, deadLetters, config, logger, now } = this.deps;
    const spec = topicSpec(topic) as TopicSpec;
    const lease = await PartitionLease.claim(
      checkpoints,
      topic,
      partition,
      config.instanceId,
      () => offsets.initialOffset(topic, partition),
      now,
    );
    const letters = deadLetters.forPartition(topic, partition);
    const mark = lease.deadLetterMark;
    // Fences the previous owner's dead letters and learns which it sent past the checkpoint.
    if (mark) await letters.recover(mark, lease.nextOffset);
    const state = new PartitionState(topic, partition, spec, lease, letters);
    const { high } = await offsets.watermarks(topic, partition);
    state.highWatermark = high;
    if (config.startPosition === 'latest' && high > lease.nextOffset) {
      await lease.commitFlush(high, []);
      state.nextOffset = high;
    }
    if (!this.isAssigned(topic, partition)) {
      // Taken away while we claimed it: the new owner's claim fences this lease.
      state.revoked = true;
      void letters.close();
      logger.info({ partition: state.id }, 'partition revoked while being claimed');
      return state;
    }
    this.partitions.set(partitionKey(topic, partition), state);
    logger.info(
      {
        partition: state.id,
        nextOffset: state.nextOffset.toString(),
        epoch: lease.epoch,
        ...(mark ? { deadLetterMark: mark.from } : {}),
      },
      'partition claimed',
    );
    return state;
  }
}
