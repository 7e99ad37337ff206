import type { AppLaunch } from '@tributary/runtime/launch';

/**
 * How the scraper's process is started (the build writes dist/start.sh from this; bench:scraper
 * imports it). Measured with bench:scraper on a crawl of the fixture site, politeness off
 * (docs/decisions/0031-own-engine-not-crawlee.md):
 *
 * - `--max-semi-space-size=8`: V8's default young generation for a machine this size grew to three
 *   times 16+ MiB; 8 MiB semi-spaces cut peak RSS by about 80 MiB and did not cost throughput.
 * - `--max-old-space-size=160` with `--heap-growing-percent=100`: a limit makes V8 collect the old
 *   generation before it balloons (about 65 MiB less peak RSS), and letting it double before the next
 *   full collection keeps V8's own factor for small heaps from collecting every few hundred ms (about
 *   7 % more CPU instead of 25 %). The live heap of a crawl is 60–100 MiB (the frontier of a crawl of
 *   hundreds of thousands of pages would need more: start `node dist/main.js` with a larger limit).
 * - `MALLOC_ARENA_MAX=2`: response decompression runs on libuv's threads, each of which would
 *   otherwise get its own glibc arena.
 */
export const LAUNCH: AppLaunch = {
  nodeArgs: ['--max-semi-space-size=8', '--max-old-space-size=160', '--heap-growing-percent=100'],
  env: { MALLOC_ARENA_MAX: '2' },
};
