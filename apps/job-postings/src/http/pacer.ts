import { setTimeout as sleep } from 'node:timers/promises';

/** A documented request limit: at most `count` requests in any `windowS` seconds. */
export interface RequestLimit {
  count: number;
  windowS: number;
}

export interface PacerOptions {
  /** Least time between the end of one request and the start of the next. */
  delayMs: number;
  /** A uniform random extra delay in [0, jitterMs], so requests do not tick like a clock. */
  jitterMs: number;
  limits: readonly RequestLimit[];
}

export interface PacerClock {
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const realClock: PacerClock = {
  now: Date.now,
  random: Math.random,
  sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : undefined),
};

/**
 * Slack added to every window: the server starts its window when our first request arrives, which
 * is a little after we sent it, so counting from the send time alone could land one request in the
 * server's previous window.
 */
export function windowSlackMs(windowS: number): number {
  return Math.max(250, windowS * 1000 * 0.02);
}

/**
 * Politeness for one host: one request at a time, a delay with jitter between requests, every
 * documented limit kept as a sliding window over request start times, and blocks (Retry-After, a
 * previous owner's unknown requests) respected. Callers `acquire` before each request and `release`
 * when its answer is in.
 */
export class Pacer {
  private readonly starts: number[] = [];
  private lastEnd = Number.NEGATIVE_INFINITY;
  private blockedUntil = 0;
  private busy: Promise<void> = Promise.resolve();
  private readonly longestWindowMs: number;

  constructor(
    private readonly options: PacerOptions,
    private readonly clock: PacerClock = realClock,
  ) {
    this.longestWindowMs = Math.max(
      0,
      ...options.limits.map((limit) => limit.windowS * 1000 + windowSlackMs(limit.windowS)),
    );
  }

  /** No request before `atMs` (a Retry-After, or requests of a previous owner we cannot see). */
  blockUntil(atMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, atMs);
  }

  /** Assume the source's limits were used up at `atMs`: nothing before every window since then has passed. */
  assumeExhaustedAt(atMs: number): void {
    this.blockUntil(atMs + this.longestWindowMs);
  }

  /** Start times of the requests still inside the longest window (for the run ledger). */
  recentStarts(): number[] {
    const horizon = this.clock.now() - this.longestWindowMs;
    return this.starts.filter((start) => start > horizon);
  }

  /**
   * Requests another owner made (their start times, and when its last one ended): counted against
   * the limits as if made here.
   */
  seed(starts: readonly number[], lastEnd: number): void {
    this.starts.push(...starts);
    this.starts.sort((a, b) => a - b);
    this.lastEnd = Math.max(Number.isFinite(this.lastEnd) ? this.lastEnd : lastEnd, lastEnd);
  }

  /** When the next request may start, as things stand. */
  nextAllowedAt(): number {
    const now = this.clock.now();
    let at = Math.max(now, this.blockedUntil, this.lastEnd + this.options.delayMs);
    for (const limit of this.options.limits) {
      const windowMs = limit.windowS * 1000 + windowSlackMs(limit.windowS);
      const recent = this.starts.filter((start) => start > at - windowMs);
      if (recent.length >= limit.count) {
        // The request that must leave the window before another fits.
        const oldest = recent[recent.length - limit.count] as number;
        at = Math.max(at, oldest + windowMs);
      }
    }
    return at;
  }

  /** Waits for the turn of the next request and records its start; throws if `signal` aborts. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const previous = this.busy;
    let done!: () => void;
    this.busy = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      const jitter = Math.round(this.clock.random() * this.options.jitterMs);
      let wait = this.nextAllowedAt() - this.clock.now();
      if (Number.isFinite(this.lastEnd)) wait = Math.max(wait, 0) + jitter;
      while (wait > 0) {
        await this.clock.sleep(wait, signal);
        // A block may have been added while we slept.
        wait = this.nextAllowedAt() - this.clock.now();
      }
      signal?.throwIfAborted();
      const now = this.clock.now();
      this.starts.push(now);
      const horizon = now - this.longestWindowMs;
      while (this.starts.length > 0 && (this.starts[0] as number) <= horizon) this.starts.shift();
    } catch (error) {
      done();
      throw error;
    }
    this.releaseTurn = done;
  }

  private releaseTurn: () => void = () => undefined;

  /** The request's answer is in (or it failed): the delay to the next one counts from now. */
  release(): void {
    this.lastEnd = this.clock.now();
    const done = this.releaseTurn;
    this.releaseTurn = () => undefined;
    done();
  }
}
