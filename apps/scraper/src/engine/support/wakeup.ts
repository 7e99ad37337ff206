/**
 * Lets crawl loops sleep until a deadline or until something changes (a request finished, a slot
 * freed, a stop was asked for): every waiter wakes on `notify`. A wait without a deadline within
 * `heartbeatMs` sets no timer of its own (a crawl without politeness wakes thousands of times a
 * second, and clearing that many timers showed in profiles); one shared heartbeat wakes waiters
 * every `heartbeatMs` as a safety net.
 */
export class Wakeup {
  private readonly waiters = new Set<() => void>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly heartbeatMs = 1_000) {}

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        if (this.waiters.size === 0 && this.heartbeat) {
          clearInterval(this.heartbeat);
          this.heartbeat = undefined;
        }
        resolve();
      };
      if (ms < this.heartbeatMs) timer = setTimeout(wake, Math.max(0, ms));
      this.waiters.add(wake);
      this.heartbeat ??= setInterval(() => this.notify(), this.heartbeatMs);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
