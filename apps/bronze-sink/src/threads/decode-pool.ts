import { Worker } from 'node:worker_threads';
import { packBatch, type BatchMessage, type DecodedBatch } from '../decode/record-batch';
import type { DecodeRequest, DecodeThreadOptions } from './record-batch.worker';
import { WorkerCalls } from './worker-calls';
import { workerScript } from './worker-script';

const MiB = 1024 * 1024;

type DecodeThread = WorkerCalls<Omit<DecodeRequest, 'id'>, { decoded: DecodedBatch }>;

/**
 * Threads that decode, validate and Arrow-encode Kafka batches, so the consumer thread only fetches.
 * The decoded batch comes back as Arrow IPC buffers (transferred, not copied): buffered records are
 * bytes outside the V8 heap, counted exactly against the memory budget.
 */
export class DecodePool {
  private readonly threads: DecodeThread[] = [];
  private closed = false;

  constructor(
    size: number,
    private readonly options: DecodeThreadOptions,
  ) {
    for (let index = 0; index < size; index++) this.threads.push(this.spawn());
  }

  async decode(
    topic: string,
    partition: number,
    messages: readonly BatchMessage[],
    ingestedAtMs: number,
  ): Promise<DecodedBatch> {
    const thread = this.threads.reduce((least, candidate) =>
      candidate.pending < least.pending ? candidate : least,
    );
    const batch = packBatch(messages, ingestedAtMs);
    const { decoded } = await thread.call({ topic, partition, batch }, [
      batch.values.buffer,
      batch.ends.buffer,
      batch.nulls.buffer,
      batch.offsets.buffer,
      batch.timestampsMs.buffer,
    ] as ArrayBuffer[]);
    return decoded;
  }

  /** The threads' V8 heaps in use, together, for the memory metrics. */
  async heapBytes(): Promise<number> {
    const heaps = await Promise.all(
      this.threads.map((thread) => thread.worker.getHeapStatistics()),
    );
    return heaps.reduce((sum, heap) => sum + heap.used_heap_size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private spawn(): DecodeThread {
    const worker = new Worker(workerScript('record-batch.worker'), {
      workerData: this.options,
      resourceLimits: {
        // Measured (bench:sink): a smaller young generation makes decoding up to 40 % slower.
        maxYoungGenerationSizeMb: 24,
        // A batch is a few MiB of records; parsing one record takes up to ~10× its size.
        maxOldGenerationSizeMb: 64 + Math.ceil((16 * this.options.maxRecordBytes) / MiB),
      },
    });
    worker.unref();
    const thread: DecodeThread = new WorkerCalls(worker, 'record decoder');
    // A thread that dies (out of memory) fails its batches, which Kafka redelivers; a new one takes its place.
    worker.on('exit', () => {
      if (this.closed) return;
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads[index] = this.spawn();
    });
    return thread;
  }
}
