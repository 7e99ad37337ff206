/**
 * How the sink process is started (apps.json, the package's start script, the benchmark, the fault
 * tests and, later, the container image). Both settings must be given at process start.
 *
 * - `--max-semi-space-size=4`: V8's young generation grows to 3 × 16 MiB under the sink's allocation
 *   rate; 4 MiB semi-spaces cut the main heap's peak by about 100 MiB with no throughput loss seen.
 * - `MALLOC_ARENA_MAX=2` and a fixed `MALLOC_MMAP_THRESHOLD_`: glibc otherwise keeps per-thread arenas
 *   and raises its mmap threshold after large frees, so freed Parquet/Arrow buffers stay resident.
 * - `--max-old-space-size=160`: V8 lets the old generation grow far past the live data before it
 *   collects; a limit makes it collect sooner. Buffered records are Arrow buffers outside the heap
 *   (decode threads build them), so the limit does not depend on `SINK_BUFFER_BYTES`.
 * Measured with bench:sink (docs/decisions/0014-sink-memory.md).
 */
export const SINK_NODE_ARGS = ['--max-semi-space-size=4', '--max-old-space-size=160'] as const;

export const SINK_PROCESS_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
} as const;
