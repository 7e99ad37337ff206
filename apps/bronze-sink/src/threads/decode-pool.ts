import { Worker } from 'node:worker_threads';
import type { Logger } from '@tributary/runtime';
import { topicSpec } from '@tributary/schemas';
import type { NativeBatchCounts } from '../decode/native-batch';
import { nativeProgram } from '../decode/native-program';
import { packBatch, type BatchMessage, type DecodedBatch } from '../decode/record-batch';
import type { DecodeRequest, DecodeThreadOptions } from './record-batch.worker';
import { WorkerCalls } from './worker-calls';
import { workerScript } from './worker-script';

const MiB = 1024 * 1024;

type DecodeThread = WorkerCalls<
  Omit<DecodeRequest, 'id'>,
  { decoded: DecodedBatch; native?: NativeBatchCounts }
>;

/**
 * Threads that decode, validate and Arrow-encode Kafka batches, so the consumer thread only fetches.
 * The decoded batch comes back as Arrow IPC buffers (transferred, not copied): buffered records are
 * bytes outside the V8 heap, counted exactly against the memory budget.
 */
export class DecodePool {
  private readonly threads: DecodeThread[] = [];
  private closed = false;
  private readonly announced = new Set<string>();

  /** Records the native decoder left to JavaScript, and how many of them JavaScript landed. */
  readonly nativeCounts: NativeBatchCounts = { handedToJavascript: 0, rowsFromJavascript: 0 };

  constructor(
    size: number,
    private readonly options: DecodeThreadOptions,
    private readonly logger?: Pick<Logger, 'info' | 'warn'>,
  ) {
    for (let index = 0; index < size; index++) this.threads.push(this.spawn());
  }

  /** Which decoder a topic gets: with SINK_DECODER=native, zod still decodes a topic without a native program. */
  private sayHowDecoded(topic: string): void {
    if (this.announced.has(topic)) return;
    this.announced.add(topic);
    const spec = topicSpec(topic);
    if (!spec) return;
    if (this.options.decoder === 'js') {
      this.logger?.info({ topic, decoder: 'js' }, 'records are decoded by zod (SINK_DECODER=js)');
      return;
    }
    const support = nativeProgram(spec);
    if (support.native)
      this.logger?.info({ topic, decoder: 'native' }, 'records are decoded natively');
    else
      this.logger?.warn(
        { topic, decoder: 'js', reason: support.reason },
        `records are decoded by zod: the topic has no native program (${support.reason})`,
      );
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
    this.sayHowDecoded(topic);
    const batch = packBatch(messages, ingestedAtMs);
    const { decoded, native } = await thread.call({ topic, partition, batch }, [
      batch.values.buffer,
      batch.ends.buffer,
      batch.nulls.buffer,
      batch.offsets.buffer,
      batch.timestampsMs.buffer,
    ] as ArrayBuffer[]);
    if (native) this.count(topic, partition, native);
    return decoded;
  }

  private count(topic: string, partition: number, counts: NativeBatchCounts): void {
    this.nativeCounts.handedToJavascript += counts.handedToJavascript;
    this.nativeCounts.rowsFromJavascript += counts.rowsFromJavascript;
    // Not data loss (zod landed them), but the native rules refused what zod accepts.
    if (counts.rowsFromJavascript > 0)
      this.logger?.warn(
        { topic, partition, records: counts.rowsFromJavascript },
        'the native decoder left valid records to zod (a lone surrogate escape, a number beyond double range, nesting over 128, or a rule it judges more strictly)',
      );
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
      // The OS thread's name, so per-thread CPU (top -H, /proc, perf) tells the threads apart.
      name: 'sink-decode',
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
