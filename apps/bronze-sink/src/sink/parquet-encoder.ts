import { Worker } from 'node:worker_threads';
import type { SinkConfig } from '../config/env';
import { Mutex } from './mutex';
import type { WriteRequest, WriteResponse } from './parquet-writer.worker';
import { workerScript } from './worker-script';

/** Rows per Parquet row group: bounds the memory the writer holds while it compresses. */
export const ROW_GROUP_ROWS = 8_192;

/**
 * Writes one Parquet file from Arrow IPC chunks (the decoded batches of one topic-partition-hour, in
 * offset order). Compression runs in a writer thread, so the consumer keeps going meanwhile.
 */
export class ParquetEncoder {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (file: Uint8Array) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private readonly oneAtATime = new Mutex();
  /** Size of the writer's WebAssembly memory after the last file (it grows, it never shrinks). */
  wasmBytes = 0;

  constructor(private readonly compression: SinkConfig['compression']) {
    this.worker = new Worker(workerScript('parquet-writer.worker'));
    this.worker.unref();
    this.worker.on('message', (response: WriteResponse) => {
      const waiter = this.waiting.get(response.id);
      this.waiting.delete(response.id);
      if ('file' in response) {
        this.wasmBytes = response.wasmBytes;
        waiter?.resolve(response.file);
      } else waiter?.reject(new Error(`parquet writer: ${response.error}`));
    });
    this.worker.on('error', (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  /**
   * The chunks are transferred to the writer (unusable here afterwards). One file at a time: the
   * writer is one thread anyway, and it never holds several files' row groups in memory.
   */
  encode(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
    return this.oneAtATime.run(() => {
      const buffers = chunks.map((chunk) => chunk.buffer as ArrayBuffer);
      const request: WriteRequest = {
        id: this.nextId++,
        compression: this.compression,
        rowGroupRows: ROW_GROUP_ROWS,
        chunks: buffers,
      };
      return new Promise<Uint8Array>((resolve, reject) => {
        this.waiting.set(request.id, { resolve, reject });
        this.worker.postMessage(request, buffers);
      });
    });
  }

  /** The writer thread's V8 heap in use, for the memory metrics. */
  async heapBytes(): Promise<number> {
    return (await this.worker.getHeapStatistics()).used_heap_size;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
