import { setTimeout as delay } from 'node:timers/promises';
import type { EachBatchPayload } from 'kafkajs';
import type { FileWriter } from '../writing/file-writer';
import type { PartitionRegistry } from './partition-registry';

/** While consuming waits for file writes (backpressure), it heartbeats at least this often. */
const BACKPRESSURE_HEARTBEAT_MS = 1_000;

/**
 * Backpressure: `SINK_BUFFER_BYTES` bounds the held bytes of buffered rows and rows being written
 * together. From 3/4 of it, the fullest partitions' rows go to file writes (a partition is written
 * when it is the fullest, so files stay large); at the budget, consuming waits for writes to end.
 */
export class MemoryBudget {
  constructor(
    private readonly budgetBytes: number,
    private readonly registry: Pick<PartitionRegistry, 'states'>,
    private readonly writer: Pick<FileWriter, 'writingBytes' | 'inFlight' | 'startWrite'>,
  ) {}

  get bufferedBytes(): number {
    let total = 0;
    for (const state of this.registry.states()) total += state.buffer.bufferedBytes;
    return total;
  }

  /** Held bytes buffered or in file writes: what the budget bounds. */
  get heldBytes(): number {
    return this.bufferedBytes + this.writer.writingBytes;
  }

  /** Called after each batch: starts writes past 3/4 of the budget, waits while at the budget. */
  async enforce(payload: Pick<EachBatchPayload, 'isRunning' | 'heartbeat'>): Promise<void> {
    const writeFrom = (3 * this.budgetBytes) / 4;
    if (this.bufferedBytes >= writeFrom) {
      const fullest = this.registry
        .states()
        .sort((a, b) => b.buffer.bufferedBytes - a.buffer.bufferedBytes);
      for (const state of fullest) {
        if (this.bufferedBytes < writeFrom) break;
        void this.writer.startWrite(state, 'memory');
      }
    }
    while (
      this.heldBytes >= this.budgetBytes &&
      this.writer.inFlight.size > 0 &&
      payload.isRunning()
    ) {
      // Stay in the group while S3 is slow or down; a failed heartbeat means a rebalance is under way.
      await Promise.race([
        ...this.writer.inFlight,
        delay(BACKPRESSURE_HEARTBEAT_MS, undefined, { ref: false }),
      ]);
      await payload.heartbeat();
    }
  }
}
