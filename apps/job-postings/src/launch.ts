import type { AppLaunch } from '@tributary/runtime/launch';

/**
 * How the job-postings process is started (the build writes dist/start.sh from this; bench:jobs
 * runs its measured process with the same flags).
 *
 * - `--max-semi-space-size=4`: normalizing a page allocates fast and briefly (parsed JSON, text,
 *   keyword sets); V8's default young generation grows to 3 × 16 MiB for it. With 4 MiB semi-spaces
 *   a 50,000-posting board is normalized with a peak RSS of 198 MiB instead of 307 MiB, at a rate
 *   within the run-to-run noise (bench:jobs, docs/job-postings.md).
 */
export const LAUNCH: AppLaunch = { nodeArgs: ['--max-semi-space-size=4'], env: {} };
