import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it resolves true; a throwing probe counts as "not yet". */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; isAlive?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (options.isAlive && !options.isAlive())
      throw new Error(`${what} exited before it was ready`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(options.intervalMs ?? 250);
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`${what} did not become ready within ${options.timeoutMs} ms${reason}`);
}
