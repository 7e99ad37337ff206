import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import type { BatchDeadLetter } from '../decode/record-batch';
import { FencedError } from '../exactly-once/checkpoint-store';
import type { SinkMetrics } from '../sink-metrics';
import { releaseNow } from '../support/buffers';
import type { DecodePool } from '../threads/decode-pool';
import type { FileWriter } from '../writing/file-writer';
import type { ConsumerHandle } from './consumer-handle';
import type { MemoryBudget } from './memory-budget';
import type { PartitionRegistry } from './partition-registry';
import type { PartitionState } from './partition-state';
import type { TopicOffsets } from './topic-offsets';

export interface BatchIntakeDependencies {
  registry: PartitionRegistry;
  decoders: Pick<DecodePool, 'decode'>;
  writer: Pick<FileWriter, 'rotationDue' | 'startWrite'>;
  budget: Pick<MemoryBudget, 'enforce'>;
  consumer: ConsumerHandle;
  offsets: Pick<TopicOffsets, 'watermarks'>;
  metrics: SinkMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * Every fetched batch: skip what bronze already has, decode the rest in a decode thread, dead-letter
 * the records that cannot be landed (before their offsets can be committed), buffer the good rows by
 * hour, and start a file write when a rotation limit is reached; then apply backpressure.
 */
export class BatchIntake {
  constructor(private readonly deps: BatchIntakeDependencies) {}

  async handle(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { registry, metrics } = this.deps;
    if (batch.messages.length === 0) return;
    // A batch of an earlier generation must not claim a partition the group has given to another member.
    if (!registry.isAssigned(batch.topic, batch.partition)) return;
    const state = await registry.state(batch.topic, batch.partition);
    await state.lock.run(async () => {
      if (state.revoked || !this.deps.consumer.current || !payload.isRunning() || payload.isStale())
        return;
      const first = BigInt(batch.firstOffset() ?? '0');
      if (first > state.nextOffset && !(await this.acceptGap(state, first))) return;
      const fresh = batch.messages.filter((message) => BigInt(message.offset) >= state.nextOffset);
      const landed = batch.messages.length - fresh.length;
      if (landed > 0) metrics.skippedLanded.inc({ topic: state.topic }, landed);
      if (fresh.length > 0) {
        const generation = state.generation;
        const decoded = await this.deps.decoders.decode(
          state.topic,
          state.partition,
          fresh,
          this.deps.now(),
        );
        // Revoked, sought elsewhere or given up (a write failed) meanwhile: Kafka delivers it again.
        if (
          state.revoked ||
          state.generation !== generation ||
          !payload.isRunning() ||
          payload.isStale()
        ) {
          for (const chunk of decoded.chunks) releaseNow(chunk.data);
          return;
        }
        metrics.recordsIn.inc({ topic: state.topic }, fresh.length);
        if (decoded.dead.length > 0 && !(await this.deadLetter(state, fresh, decoded.dead))) {
          for (const chunk of decoded.chunks) releaseNow(chunk.data);
          return;
        }
        const nowMs = this.deps.now();
        for (const chunk of decoded.chunks) state.buffer.add(chunk, nowMs);
        state.nextOffset = BigInt(fresh[fresh.length - 1]!.offset) + 1n;
      }
      // Transaction markers and aborted records after the last message carry nothing to land.
      const end = BigInt(batch.lastOffset()) + 1n;
      if (end > state.nextOffset) state.nextOffset = end;
      payload.resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
      state.highWatermark = BigInt(batch.highWatermark);
      if (this.deps.writer.rotationDue(state)) void this.deps.writer.startWrite(state, 'rotation');
    });
    await this.deps.budget.enforce(payload);
    await payload.heartbeat();
  }

  /**
   * A fetched batch that held only transaction markers or aborted records (a transactional producer's
   * topic): kafkajs hands it to no batch handler, so the partition's position moves past it here —
   * else the checkpoint would stay one marker short of the end for good (lag 1, hours never complete).
   */
  async skipEmpty(batch: {
    topic: string;
    partition: number;
    firstOffset: string | null;
    lastOffset: string;
    batchSize: number;
  }): Promise<void> {
    if (batch.batchSize > 0 || batch.firstOffset === null) return;
    const state = this.deps.registry
      .states()
      .find(
        (candidate) => candidate.topic === batch.topic && candidate.partition === batch.partition,
      );
    if (!state) return;
    await state.lock.run(() => {
      const first = BigInt(batch.firstOffset!);
      const end = BigInt(batch.lastOffset) + 1n;
      // Only contiguous with what was consumed: never skip past records not read.
      if (!state.revoked && first <= state.nextOffset && end > state.nextOffset)
        state.nextOffset = end;
      return Promise.resolve();
    });
  }

  /**
   * Before the batch's rows are buffered: if this fails, the whole batch is consumed again. A record
   * already on the dead-letter topic (sent before a crash or rebalance) is not sent again; the first
   * dead letter of a partition without a mark writes the mark first (exactly-once/dead-letter-log.ts).
   */
  private async deadLetter(
    state: PartitionState,
    messages: KafkaMessage[],
    dead: BatchDeadLetter[],
  ): Promise<boolean> {
    const letters = dead
      .map(({ index, reason, detail }) => {
        const message = messages[index]!;
        return {
          offset: BigInt(message.offset),
          key: message.key,
          value: message.value,
          headers: message.headers,
          reason,
          detail,
        };
      })
      .filter((letter) => !state.deadLetters.alreadySent(letter.offset));
    if (letters.length === 0) return true;
    if (!state.lease.deadLetterMark) {
      const mark = await state.deadLetters.markNow();
      try {
        // In the write order: a lease takes one conditional write at a time.
        await state.writes.run(() => state.lease.update({ deadLetters: mark }));
      } catch (error) {
        if (!(error instanceof FencedError)) throw error;
        this.fenced(state);
        return false;
      }
    }
    await state.deadLetters.send(letters);
    for (const { reason } of letters)
      this.deps.metrics.deadLettered.inc({ topic: state.topic, reason });
    return true;
  }

  private fenced(state: PartitionState): void {
    state.revoked = true;
    this.deps.registry.remove(state);
    this.deps.metrics.fenced.inc({ topic: state.topic });
    this.deps.logger.warn(
      { partition: state.id },
      'fenced: another instance owns this partition now',
    );
  }

  /**
   * The batch starts after the offset we resume from. Seek back unless Kafka no longer has those
   * offsets (retention deleted them before they were landed): then count the gap and go on.
   */
  private async acceptGap(state: PartitionState, first: bigint): Promise<boolean> {
    const { low } = await this.deps.offsets.watermarks(state.topic, state.partition);
    if (low > state.nextOffset) {
      this.deps.logger.error(
        { partition: state.id, from: state.nextOffset.toString(), to: (low - 1n).toString() },
        'offsets were deleted by retention before they could be landed',
      );
      state.nextOffset = first;
      return true;
    }
    this.deps.consumer.seek(state.topic, state.partition, state.nextOffset);
    return false;
  }
}
