import { autoThrottleDelay } from './auto-throttle';
import { RateWindow } from './rate-window';
import { TooManyRequestsRun } from './too-many-requests';

export interface ThrottleOptions {
  /** Requests to one domain at once. */
  concurrency: number;
  /** Least time between two request starts to one domain. */
  minDelayMs: number;
  /** Up to this fraction of the delay is added at random to each gap (never subtracted). */
  jitter: number;
  /** Largest delay the adaptive throttle may reach. */
  maxDelayMs: number;
  autoThrottle: boolean;
  targetConcurrency: number;
  /** Hard cap on request starts in any `rateWindowMs`; null for none. */
  requestsPerWindow: number | null;
  rateWindowMs: number;
  coolDownAfter429s: number;
  coolDownMs: number;
  maxCoolDownMs: number;
  /** A Retry-After longer than this is cut to it (a broken header must not stop us for a year). */
  maxRetryAfterMs: number;
}

export type PauseReason = 'retry-after' | 'cool-down' | 'robots';

/**
 * Crawl-delay is a minimum between requests as the server sees them arrive, and a server's own
 * clock reading lags behind the arrival when its event loop is busy; this margin absorbs that.
 */
export const CRAWL_DELAY_MARGIN_MS = 25;

/** What a restart needs to stay polite: recent starts (the cap) and a pause still running. */
export interface DomainState {
  starts: number[];
  pausedUntil: number;
  pauseReason: PauseReason | null;
  /** robots.txt's Crawl-delay, so the first request after a restart (robots.txt) keeps it. */
  crawlDelayMs: number;
}

export type Answer =
  | { kind: 'response'; status: number; latencyMs: number; retryAfterMs?: number }
  | { kind: 'error' };

/** A pause that began because of an answer, for logs and metrics. */
export interface PauseEvent {
  reason: PauseReason;
  untilMs: number;
}

/**
 * Politeness towards one domain: a number of request slots, a gap between request starts (the
 * largest of the configured minimum, robots.txt's Crawl-delay and the adaptive delay, plus jitter),
 * a hard cap per sliding window, and pauses (Retry-After, a cool-down after a run of 429s, robots.txt
 * not readable yet). All times are passed in, so the arithmetic is tested without waiting.
 */
export class DomainThrottle {
  inFlight = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  /** When the last answer (or failure) came back. */
  private lastAnswerAt = Number.NEGATIVE_INFINITY;
  /** 1 + jitter × random, drawn at each start: the next gap is the delay times this. */
  private gapFactor = 1;
  private crawlDelayMs = 0;
  private autoDelayMs: number;
  private pausedUntil = 0;
  private pauseReason: PauseReason | null = null;
  private readonly window: RateWindow | undefined;
  private readonly tooMany: TooManyRequestsRun;

  constructor(
    readonly domain: string,
    private readonly options: ThrottleOptions,
    private readonly random: () => number = Math.random,
  ) {
    this.autoDelayMs = options.minDelayMs;
    this.window =
      options.requestsPerWindow === null
        ? undefined
        : new RateWindow(options.requestsPerWindow, options.rateWindowMs);
    this.tooMany = new TooManyRequestsRun({
      after429s: options.coolDownAfter429s,
      coolDownMs: options.coolDownMs,
      maxCoolDownMs: options.maxCoolDownMs,
    });
  }

  /** The delay now in force between two starts, before jitter. */
  get delayMs(): number {
    return Math.max(
      this.options.minDelayMs,
      this.crawlDelayMs > 0 ? this.crawlDelayMs + CRAWL_DELAY_MARGIN_MS : 0,
      this.options.autoThrottle ? this.autoDelayMs : 0,
    );
  }

  /** True when there is politeness to keep across a restart: a minimum delay, a Crawl-delay or a cap. */
  get polite(): boolean {
    return this.options.minDelayMs > 0 || this.crawlDelayMs > 0 || this.window !== undefined;
  }

  /** The pause in force at `now`, if any. */
  pause(now: number): PauseEvent | undefined {
    return this.pausedUntil > now && this.pauseReason
      ? { reason: this.pauseReason, untilMs: this.pausedUntil }
      : undefined;
  }

  /**
   * When the next request may start: Infinity while every slot is taken. With one request at a time
   * the gap is counted from the previous answer, not from its start: the server saw that request
   * no later than we got its answer, so a request sent late (a garbage-collection pause between our
   * clock reading and the socket write) can never arrive sooner than the delay after it.
   */
  readyAt(now: number): number {
    if (this.inFlight >= this.options.concurrency) return Number.POSITIVE_INFINITY;
    const since =
      this.options.concurrency === 1
        ? Math.max(this.lastStartAt, this.lastAnswerAt)
        : this.lastStartAt;
    return Math.max(
      now,
      this.pausedUntil,
      since + this.delayMs * this.gapFactor,
      this.window?.nextAllowedAt(now) ?? now,
    );
  }

  /**
   * Takes a slot for a request starting now (call only when `readyAt(now) <= now`). The start is
   * counted at once, so no other request of the domain can be judged ready in between.
   */
  reserve(now: number): void {
    this.inFlight += 1;
    this.lastStartAt = now;
    this.gapFactor = 1 + this.options.jitter * this.random();
    this.window?.record(now);
  }

  /** A further request inside a reserved slot (a redirect hop): counted, not spaced. */
  countStart(now: number): void {
    this.lastStartAt = Math.max(this.lastStartAt, now);
    this.window?.record(now);
  }

  /** The reserved request really goes out now (after its attempt was persisted). */
  started(now: number): void {
    this.lastStartAt = Math.max(this.lastStartAt, now);
  }

  /** Gives the slot back and learns from the answer; returns a pause if the answer began one. */
  finished(answer: Answer, now: number): PauseEvent | undefined {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.lastAnswerAt = Math.max(this.lastAnswerAt, now);
    if (answer.kind === 'error') return undefined;
    if (this.options.autoThrottle) {
      this.autoDelayMs = autoThrottleDelay(this.autoDelayMs, answer.latencyMs, answer.status, {
        targetConcurrency: this.options.targetConcurrency,
        minDelayMs: this.options.minDelayMs,
        maxDelayMs: this.options.maxDelayMs,
      });
    }
    const retryAfterMs =
      answer.retryAfterMs === undefined
        ? undefined
        : Math.min(answer.retryAfterMs, this.options.maxRetryAfterMs);
    if (answer.status === 429) {
      const coolDownMs = this.tooMany.onTooManyRequests();
      if (coolDownMs !== undefined) {
        return this.pauseUntil(now + Math.max(coolDownMs, retryAfterMs ?? 0), 'cool-down');
      }
    } else {
      this.tooMany.onAnswer(answer.status);
    }
    if (retryAfterMs !== undefined && (answer.status === 429 || answer.status === 503)) {
      return this.pauseUntil(now + retryAfterMs, 'retry-after');
    }
    return undefined;
  }

  /** robots.txt's Crawl-delay for our agent (0 when it has none). */
  setCrawlDelay(ms: number): void {
    this.crawlDelayMs = Math.min(ms, this.options.maxDelayMs);
  }

  /** Stops the domain until `untilMs` (an earlier or equal pause already running wins nothing). */
  pauseUntil(untilMs: number, reason: PauseReason): PauseEvent | undefined {
    if (untilMs <= this.pausedUntil) return undefined;
    this.pausedUntil = untilMs;
    this.pauseReason = reason;
    return { reason, untilMs };
  }

  /** What a restart needs (see DomainState). */
  state(now: number): DomainState {
    const paused = this.pausedUntil > now;
    return {
      starts: this.window?.recent(now) ?? (this.lastStartAt > 0 ? [this.lastStartAt] : []),
      pausedUntil: paused ? this.pausedUntil : 0,
      pauseReason: paused ? this.pauseReason : null,
      crawlDelayMs: this.crawlDelayMs,
    };
  }

  /** Restores what an earlier process persisted: its recent starts and its pause. */
  restore(state: DomainState): void {
    for (const at of state.starts) {
      this.window?.record(at);
      this.lastStartAt = Math.max(this.lastStartAt, at);
    }
    this.setCrawlDelay(Math.max(this.crawlDelayMs, state.crawlDelayMs));
    if (state.pauseReason !== null) this.pauseUntil(state.pausedUntil, state.pauseReason);
  }
}
