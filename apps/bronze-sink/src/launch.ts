import type { AppLaunch } from '@tributary/runtime/launch';

/**
 * How the sink process is started: the build writes dist/start.sh from this (run by apps.json, the
 * package's start script and the container image); the fault tests and the benchmark import it.
 * Both settings must be given at process start.
 *
 * - `--max-semi-space-size=4`: V8's young generation grows to 3 × 16 MiB under the sink's allocation
 *   rate; 4 MiB semi-spaces cut the main heap's peak by about 100 MiB with no throughput loss seen.
 * - `MALLOC_ARENA_MAX=2` and a fixed `MALLOC_MMAP_THRESHOLD_`: glibc otherwise keeps per-thread arenas
 *   and raises its mmap threshold after large frees, so freed Parquet/Arrow buffers stay resident.
 * - `--max-old-space-size=160`: V8 lets the old generation grow far past the live data before it
 *   collects; a limit makes it collect sooner. Buffered records are Arrow buffers outside the heap
 *   (decode threads build them), so the limit does not depend on `SINK_BUFFER_BYTES`.
 * - `--heap-growing-percent=100`: every isolate (main, decode and writer threads) lets its old
 *   generation double before the next full collection. V8's own factor for these small heaps started
 *   a full collection every 100–200 ms in every thread; its helper threads took a third of the CPU.
 *   Safe for memory because the threads free their big buffers explicitly (`sink/buffers.ts`).
 * - `--expose-gc`: the Parquet writer thread collects its young generation after decompressing each
 *   held chunk, whose zlib buffers it cannot free itself (sink/parquet-writer.worker.ts).
 * Measured with bench:sink (docs/decisions/0014-sink-memory.md, 0018-release-buffers-explicitly.md,
 * 0021-sink-holds-chunks-compressed.md).
 */
export const LAUNCH: AppLaunch = {
  nodeArgs: [
    '--max-semi-space-size=4',
    '--max-old-space-size=160',
    '--heap-growing-percent=100',
    '--expose-gc',
  ],
  env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' },
};
