import type { Logger } from '@tributary/runtime';
import type { SinkConfig } from '../config/env';
import type { MemoryBudget } from '../consumption/memory-budget';
import type { PartitionRegistry } from '../consumption/partition-registry';
import type { ParquetEncoder } from '../encode/parquet-encoder';
import type { HourCompletion } from '../exactly-once/hour-completion';
import type { SinkMetrics } from '../sink-metrics';
import type { DecodePool } from '../threads/decode-pool';
import type { FileWriter } from '../writing/file-writer';
import type { BronzeSinkTask } from './bronze-sink-task';

/** Hour completion runs every this many ticks. */
const HOUR_CHECK_TICKS = 5;
/** Source topics that did not exist at start are looked for every this many ticks. */
const TOPIC_CHECK_TICKS = 10;

export interface SinkTickerDependencies {
  config: Pick<SinkConfig, 'topics' | 'rotation' | 'hourGraceMs'>;
  registry: Pick<PartitionRegistry, 'states'>;
  writer: Pick<FileWriter, 'startWrite'>;
  budget: Pick<MemoryBudget, 'heldBytes'>;
  hours: Pick<HourCompletion, 'publishWatermark' | 'completeHours'>;
  task: Pick<BronzeSinkTask, 'subscribeToNewTopics'>;
  encoder: Pick<ParquetEncoder, 'wasmBytes' | 'heapBytes'>;
  decoders: Pick<DecodePool, 'heapBytes'>;
  metrics: SinkMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * What the sink does once a second: write partitions past the age limit (idle ones too) and every
 * partition at the top of the hour, update the gauges; every few seconds complete hours and look for
 * source topics that appeared. A tick that is still running makes the next one a no-op.
 */
export class SinkTicker {
  private ticking = false;
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
      if (++this.ticks % HOUR_CHECK_TICKS === 0) await this.completeHours(nowMs);
      if (this.ticks % TOPIC_CHECK_TICKS === 0) await this.deps.task.subscribeToNewTopics();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'periodic flush failed');
    } finally {
      this.ticking = false;
    }
  }

  private async completeHours(nowMs: number): Promise<void> {
    const { registry, hours, config } = this.deps;
    for (const state of registry.states()) {
      const doneThroughMs = state.doneThroughMs(nowMs, config.hourGraceMs);
      if (doneThroughMs !== undefined)
        await hours.publishWatermark(state.topic, state.partition, doneThroughMs);
    }
    for (const topic of config.topics) await hours.completeHours(topic);
  }

  private updateGauges(nowMs: number): void {
    const { metrics, registry, encoder, decoders } = this.deps;
    metrics.bufferedBytes.set(this.deps.budget.heldBytes);
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
