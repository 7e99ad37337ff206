import type { Logger } from '@tributary/runtime';
import type { SinkConfig } from '../config/env';
import type { GroupOffsets } from '../consumption/group-offsets';
import type { MemoryBudget } from '../consumption/memory-budget';
import type { PartitionRegistry } from '../consumption/partition-registry';
import type { PartitionState } from '../consumption/partition-state';
import type { TopicOffsets } from '../consumption/topic-offsets';
import type { ParquetEncoder } from '../encode/parquet-encoder';
import { FencedError } from '../exactly-once/checkpoint-store';
import { hourFloor, type HourCompletion } from '../exactly-once/hour-completion';
import type { SinkMetrics } from '../sink-metrics';
import type { DecodePool } from '../threads/decode-pool';
import type { FileWriter } from '../writing/file-writer';
import type { BronzeSinkTask } from './bronze-sink-task';

/** Kafka's ends are fetched, group offsets converged and hours completed every this many ticks. */
const PROGRESS_TICKS = 5;
/** Source topics that did not exist at start are looked for every this many ticks. */
const TOPIC_CHECK_TICKS = 10;

export interface SinkTickerDependencies {
  config: Pick<SinkConfig, 'topics' | 'rotation' | 'hourGraceMs' | 'hourIdleMs'>;
  registry: Pick<PartitionRegistry, 'states' | 'remove' | 'claimUnclaimed'>;
  offsets: Pick<TopicOffsets, 'highWatermarks'>;
  groupOffsets: Pick<GroupOffsets, 'converge'>;
  writer: Pick<FileWriter, 'startWrite'>;
  budget: Pick<MemoryBudget, 'heldBytes'>;
  hours: Pick<HourCompletion, 'completeHours'>;
  task: Pick<BronzeSinkTask, 'subscribeToNewTopics'>;
  encoder: Pick<ParquetEncoder, 'wasmBytes' | 'heapBytes'>;
  decoders: Pick<DecodePool, 'heapBytes'>;
  metrics: SinkMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * What the sink does once a second: write partitions past the age limit (idle ones too) and every
 * partition at the top of the hour, update the gauges. Every few seconds: fetch where each owned
 * partition ends in Kafka, bring group offsets up to the checkpoints, record each partition's hour
 * promise and complete hours; now and then, look for source topics that appeared. A tick that is
 * still running makes the next one a no-op.
 */
export class SinkTicker {
  private ticking = false;
  private readonly promising = new Set<PartitionState>();
  private ticks = 0;
  private wallHour: number;

  constructor(private readonly deps: SinkTickerDependencies) {
    this.wallHour = Math.floor(deps.now() / 3_600_000);
  }

  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const nowMs = this.deps.now();
      const hour = Math.floor(nowMs / 3_600_000);
      const hourChanged = hour !== this.wallHour;
      this.wallHour = hour;
      await Promise.all(
        this.deps.registry.states().map((state) => {
          const aged = state.buffer.ageMs(nowMs) >= this.deps.config.rotation.maxAgeMs;
          const onlyDeadLetters = state.buffer.bufferedRecords === 0 && state.hasUndrained;
          if (!aged && !hourChanged && !onlyDeadLetters) return Promise.resolve();
          return this.deps.writer.startWrite(state, hourChanged ? 'hour' : 'age');
        }),
      );
      this.updateGauges(nowMs);
      if (++this.ticks % PROGRESS_TICKS === 0) await this.progress(nowMs);
      if (this.ticks % TOPIC_CHECK_TICKS === 0) await this.deps.task.subscribeToNewTopics();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'periodic flush failed');
    } finally {
      this.ticking = false;
    }
  }

  private async progress(nowMs: number): Promise<void> {
    const { registry, offsets, groupOffsets, hours, config } = this.deps;
    await registry.claimUnclaimed();
    const states = registry.states();
    for (const topic of new Set(states.map((state) => state.topic))) {
      const ends = await offsets.highWatermarks(topic);
      for (const state of states) {
        const end = state.topic === topic ? ends.get(state.partition) : undefined;
        if (end !== undefined && end > state.highWatermark) state.highWatermark = end;
      }
    }
    await groupOffsets.converge(states);
    for (const state of states) this.promiseHours(state, nowMs);
    for (const topic of config.topics) await hours.completeHours(topic);
  }

  /**
   * Records in the checkpoint how far the partition promises its hours complete, when that moved.
   * In the partition's write order (a lease takes one conditional write at a time), without waiting:
   * a slow upload must not hold up the tick; the next round of hour completion reads the promise.
   */
  private promiseHours(state: PartitionState, nowMs: number): void {
    const { hourGraceMs: graceMs, hourIdleMs: idleMs } = this.deps.config;
    const through = state.hoursDoneThrough(nowMs, { graceMs, idleMs });
    if (through === undefined || state.revoked || this.promising.has(state)) return;
    const promised = hourFloor(through);
    if (promised <= (state.lease.progress.hoursDoneThroughMs ?? Number.NEGATIVE_INFINITY)) return;
    this.promising.add(state);
    state.writes
      .run(() => state.lease.update({ hoursDoneThroughMs: promised }))
      .catch((error: unknown) => {
        if (!(error instanceof FencedError)) {
          this.deps.logger.warn(
            { err: error, partition: state.id },
            'recording the hour promise failed',
          );
          return;
        }
        state.revoked = true;
        this.deps.registry.remove(state);
      })
      .finally(() => this.promising.delete(state));
  }

  private updateGauges(nowMs: number): void {
    const { metrics, registry, encoder, decoders } = this.deps;
    metrics.bufferedBytes.set(this.deps.budget.heldBytes);
    // Only the partitions owned now: a revoked one's series must not linger at its last value.
    metrics.consumerLag.reset();
    metrics.oldestUnflushedSeconds.reset();
    for (const state of registry.states()) {
      const labels = { topic: state.topic, partition: String(state.partition) };
      const lag =
        state.highWatermark > state.nextOffset ? state.highWatermark - state.nextOffset : 0n;
      metrics.consumerLag.set(labels, Number(lag));
      metrics.oldestUnflushedSeconds.set(labels, state.buffer.ageMs(nowMs) / 1000);
    }
    metrics.encoderWasmBytes.set(encoder.wasmBytes);
    encoder.heapBytes().then(
      (bytes) => metrics.encoderHeapBytes.set(bytes),
      () => undefined,
    );
    decoders.heapBytes().then(
      (bytes) => metrics.decoderHeapBytes.set(bytes),
      () => undefined,
    );
  }
}
