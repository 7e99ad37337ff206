import { constants, zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { releaseNow } from '../support/buffers';

/**
 * How decoded Arrow chunks are held until their file is written (`SINK_BUFFER_COMPRESSION`). The
 * memory budget counts held bytes, so compressed chunks let a file take several times more rows
 * before the budget forces it out (decision 0021).
 */
export type ChunkEncoding = 'zstd' | 'none';

/** zstd's fastest standard level: ~1 µs per 1.4 KB row each way here, 5–20× smaller. */
const LEVEL = 1;

/** The chunk as it is held; frees `ipc` when it is replaced. */
export function encodeChunk(ipc: Uint8Array, encoding: ChunkEncoding): Uint8Array {
  if (encoding === 'none') return ipc;
  const compressed = zstdCompressSync(ipc, {
    params: { [constants.ZSTD_c_compressionLevel]: LEVEL },
  });
  releaseNow(ipc);
  // zlib's output buffers cannot be transferred to another thread (nor freed early): copy it into
  // a buffer of its own (a fraction of the Arrow bytes) and leave zlib's to the collector.
  return new Uint8Array(compressed);
}

/** The Arrow IPC stream of a held chunk; frees `held` when it is replaced. */
export function decodeChunk(held: Uint8Array, encoding: ChunkEncoding): Uint8Array {
  if (encoding === 'none') return held;
  const ipc = zstdDecompressSync(held);
  releaseNow(held);
  return ipc;
}
