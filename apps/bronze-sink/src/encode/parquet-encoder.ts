import { Worker } from 'node:worker_threads';
import type { SinkConfig } from '../config/env';
import type { ChunkEncoding } from '../decode/chunk-compression';
import { Mutex } from '../support/mutex';
import type { WriteRequest } from '../threads/parquet-writer.worker';
import { WorkerCalls } from '../threads/worker-calls';
import { workerScript } from '../threads/worker-script';

/** Rows per Parquet row group: bounds the memory the writer holds while it compresses. */
export const ROW_GROUP_ROWS = 8_192;

/**
 * Writes one Parquet file from held Arrow chunks (the decoded batches of one topic-partition-hour, in
 * offset order, encoded as `chunkEncoding` says). Compression runs in a writer thread, so the consumer
 * keeps going meanwhile.
 */
export class ParquetEncoder {
  private readonly thread: WorkerCalls<
    Omit<WriteRequest, 'id'>,
    { file: Uint8Array; wasmBytes: number }
  >;
  private readonly oneAtATime = new Mutex();
  /** Size of the writer's WebAssembly memory after the last file (it grows, it never shrinks). */
  wasmBytes = 0;

  /** `writer`: the native Parquet writer or parquet-wasm, as SINK_DECODER says. */
  constructor(
    private readonly compression: SinkConfig['compression'],
    private readonly chunkEncoding: ChunkEncoding,
    private readonly writer: SinkConfig['decoder'] = 'native',
  ) {
    const worker = new Worker(workerScript('parquet-writer.worker'), { name: 'sink-parquet' });
    worker.unref();
    this.thread = new WorkerCalls(worker, 'parquet writer');
  }

  /**
   * The chunks are transferred to the writer (unusable here afterwards). One file at a time: the
   * writer is one thread anyway, and it never holds several files' row groups in memory.
   */
  encode(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
    return this.oneAtATime.run(async () => {
      const buffers = chunks.map((chunk) => chunk.buffer as ArrayBuffer);
      const { file, wasmBytes } = await this.thread.call(
        {
          writer: this.writer,
          compression: this.compression,
          chunkEncoding: this.chunkEncoding,
          rowGroupRows: ROW_GROUP_ROWS,
          chunks: buffers,
        },
        buffers,
      );
      this.wasmBytes = wasmBytes;
      return file;
    });
  }

  /** The writer thread's V8 heap in use, for the memory metrics. */
  async heapBytes(): Promise<number> {
    return (await this.thread.worker.getHeapStatistics()).used_heap_size;
  }

  async close(): Promise<void> {
    await this.thread.worker.terminate();
  }
}
