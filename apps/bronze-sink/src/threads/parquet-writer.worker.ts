import { parentPort } from 'node:worker_threads';
import type { RecordBatch } from 'parquet-wasm/node';
import { loadSinkNative } from '@tributary/sink-native';
import { releaseNow } from '../support/buffers';
import { decodeChunk, type ChunkEncoding } from '../decode/chunk-compression';
import type { WorkerReply } from './worker-calls';

/** A file to write: held Arrow IPC streams of one record batch each, all with the same schema. */
export interface WriteRequest {
  id: number;
  compression: 'zstd' | 'snappy' | 'gzip' | 'none';
  chunkEncoding: ChunkEncoding;
  rowGroupRows: number;
  chunks: ArrayBuffer[];
  /** `native`: the parquet crate in packages/sink-native; `js`: the same crate as WebAssembly. */
  writer: 'native' | 'js';
}

export type WriteResponse = WorkerReply<{ file: Uint8Array; wasmBytes: number }>;

type ParquetWasm = typeof import('parquet-wasm/node');
let loadedWasm: ParquetWasm | undefined;

/** parquet-wasm, loaded only by a writer that uses it: its WebAssembly memory is resident once loaded. */
async function parquetWasm(): Promise<ParquetWasm> {
  loadedWasm ??= await import('parquet-wasm/node');
  return loadedWasm;
}

function compression(parquet: ParquetWasm, name: WriteRequest['compression']) {
  return {
    zstd: parquet.Compression.ZSTD,
    snappy: parquet.Compression.SNAPPY,
    gzip: parquet.Compression.GZIP,
    none: parquet.Compression.UNCOMPRESSED,
  }[name];
}

/**
 * The file from the native writer (packages/sink-native): the same arrow-rs writer and properties
 * as below, compiled natively; it decompresses one held chunk at a time.
 */
function writeNative(request: WriteRequest): Uint8Array {
  const chunks = request.chunks.map((chunk) => new Uint8Array(chunk));
  const written = loadSinkNative().writeParquet(
    chunks,
    request.chunkEncoding !== 'none',
    request.compression,
    request.rowGroupRows,
  );
  for (const chunk of chunks) releaseNow(chunk);
  // A buffer of its own, transferable to the consumer thread (the addon's is external memory, freed
  // now rather than at this thread's next collection).
  const file = new Uint8Array(written);
  releaseNow(written);
  return file;
}

/**
 * Streams the batches through parquet-wasm's writer one row group at a time, so the WebAssembly
 * memory (and this thread, which decompresses a held chunk only when the writer asks for it) holds
 * one chunk and the compressed output, never the whole file uncompressed.
 */
async function write(request: WriteRequest): Promise<Uint8Array> {
  const parquet = await parquetWasm();
  let next = 0;
  // highWaterMark 0: a chunk enters WebAssembly memory only when the writer asks for it.
  const batches = new ReadableStream<RecordBatch>(
    {
      pull(controller) {
        const chunk = request.chunks[next];
        if (chunk === undefined) {
          controller.close();
          return;
        }
        request.chunks[next++] = new ArrayBuffer(0);
        const bytes = decodeChunk(new Uint8Array(chunk), request.chunkEncoding);
        const table = parquet.Table.fromIPCStream(bytes);
        releaseNow(bytes); // copied into WebAssembly memory
        if (request.chunkEncoding !== 'none') collectDeadBuffers();
        for (const batch of table.recordBatches()) controller.enqueue(batch);
        table.free();
      },
    },
    { highWaterMark: 0 },
  );
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(compression(parquet, request.compression))
    .setCreatedBy('tributary bronze-sink')
    .setMaxRowGroupSize(request.rowGroupRows)
    // Every raw record is unique: a dictionary for it only costs time before falling back to plain.
    .setColumnDictionaryEnabled('_raw', false)
    .build();
  const output = (await parquet.transformParquetStream(
    batches,
    properties,
  )) as ReadableStream<Uint8Array>;
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of output as unknown as AsyncIterable<Uint8Array>) {
    parts.push(part);
    length += part.length;
  }
  const file = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
    releaseNow(part);
  }
  return file;
}

/**
 * zlib decompresses a held chunk into 128 KiB buffers of its own and joins them; those buffers cannot
 * be freed early (releaseNow), and this thread allocates so little on its V8 heap that it seldom
 * collects: without a collection after each chunk, tens of MiB of them stayed resident. A young-
 * generation collection of this small heap takes well under a millisecond. `gc` exists when the
 * process runs with `--expose-gc` (launch.ts).
 */
function collectDeadBuffers(): void {
  const { gc } = globalThis as { gc?: (options: { type: 'minor'; execution: 'sync' }) => void };
  gc?.({ type: 'minor', execution: 'sync' });
}

/** The module's WebAssembly memory size (typed loosely: the WebAssembly namespace is not in our libs). */
function wasmBytes(): number {
  if (!loadedWasm) return 0;
  return (loadedWasm.wasmMemory() as unknown as { buffer: ArrayBuffer }).buffer.byteLength;
}

parentPort?.on('message', (request: WriteRequest) => {
  const written =
    request.writer === 'native'
      ? new Promise<Uint8Array>((resolve) => resolve(writeNative(request)))
      : write(request);
  written.then(
    (file) =>
      parentPort?.postMessage(
        {
          id: request.id,
          file,
          wasmBytes: wasmBytes(),
        } satisfies WriteResponse,
        [file.buffer as ArrayBuffer],
      ),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies WriteResponse),
  );
});
