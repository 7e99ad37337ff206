import { autoThrottleDelay } from './auto-throttle';
import { DomainThrottle, type ThrottleOptions } from './domain-throttle';
import { RateWindow } from './rate-window';
import { TooManyRequestsRun } from './too-many-requests';

const AUTO = { targetConcurrency: 1, minDelayMs: 100, maxDelayMs: 60_000 };

const OPTIONS: ThrottleOptions = {
  concurrency: 1,
  minDelayMs: 1_000,
  jitter: 0,
  maxDelayMs: 60_000,
  autoThrottle: false,
  targetConcurrency: 1,
  requestsPerWindow: null,
  rateWindowMs: 60_000,
  coolDownAfter429s: 3,
  coolDownMs: 600_000,
  maxCoolDownMs: 3_600_000,
  maxRetryAfterMs: 86_400_000,
};

describe('AutoThrottle (Scrapy semantics)', () => {
  it('moves halfway towards latency / target concurrency, never below it', () => {
    expect(autoThrottleDelay(1_000, 200, 200, AUTO)).toBe(600);
    expect(autoThrottleDelay(1_000, 3_000, 200, AUTO)).toBe(3_000);
    expect(autoThrottleDelay(1_000, 600, 200, { ...AUTO, targetConcurrency: 2 })).toBe(650);
  });

  it('is clamped to [min, max]', () => {
    expect(autoThrottleDelay(100, 10, 200, AUTO)).toBe(100);
    expect(autoThrottleDelay(50_000, 90_000, 200, AUTO)).toBe(60_000);
  });

  it('never speeds up on a non-200 answer, but slows down on one', () => {
    expect(autoThrottleDelay(1_000, 20, 404, AUTO)).toBe(1_000);
    expect(autoThrottleDelay(1_000, 20, 304, AUTO)).toBe(1_000);
    expect(autoThrottleDelay(1_000, 5_000, 503, AUTO)).toBe(5_000);
  });
});

describe('RateWindow', () => {
  it('allows `limit` starts in any window and the next one when the oldest leaves it', () => {
    const window = new RateWindow(3, 60_000);
    for (const at of [0, 1_000, 2_000]) {
      expect(window.nextAllowedAt(at)).toBe(at);
      window.record(at);
    }
    expect(window.nextAllowedAt(2_500)).toBe(60_000);
    // The window (t - 60 s, t] excludes its left edge: at 60 000 the start at 0 no longer counts.
    expect(window.count(59_999)).toBe(3);
    expect(window.count(60_000)).toBe(2);
    window.record(60_000);
    expect(window.nextAllowedAt(60_001)).toBe(61_000);
  });

  it('never lets more than `limit` starts into any window, whatever the order of calls', () => {
    const window = new RateWindow(5, 1_000);
    const starts: number[] = [];
    let now = 0;
    while (starts.length < 40) {
      now = window.nextAllowedAt(now + Math.floor(Math.random() * 50));
      window.record(now);
      starts.push(now);
    }
    for (const start of starts) {
      expect(starts.filter((at) => at > start - 1_000 && at <= start).length).toBeLessThanOrEqual(
        5,
      );
    }
  });

  it('sorts restored starts in and keeps only what can still matter', () => {
    const window = new RateWindow(2, 10_000);
    window.record(5_000);
    window.record(1_000);
    window.record(3_000);
    expect(window.recent(6_000)).toEqual([3_000, 5_000]);
    expect(window.nextAllowedAt(6_000)).toBe(13_000);
  });
});

describe('a run of 429s', () => {
  it('cools the domain down after N in a row, twice as long each time, reset by a success', () => {
    const run = new TooManyRequestsRun({ after429s: 3, coolDownMs: 1_000, maxCoolDownMs: 3_000 });
    expect(run.onTooManyRequests()).toBeUndefined();
    run.onAnswer(500);
    expect(run.onTooManyRequests()).toBeUndefined();
    expect(run.onTooManyRequests()).toBeUndefined();
    expect(run.onTooManyRequests()).toBe(1_000);
    for (let i = 0; i < 2; i++) run.onTooManyRequests();
    expect(run.onTooManyRequests()).toBe(2_000);
    for (let i = 0; i < 2; i++) run.onTooManyRequests();
    expect(run.onTooManyRequests()).toBe(3_000);
    run.onAnswer(200);
    for (let i = 0; i < 2; i++) run.onTooManyRequests();
    expect(run.onTooManyRequests()).toBe(1_000);
  });
});

describe('DomainThrottle', () => {
  it('spaces starts by the largest of the minimum delay, Crawl-delay and the adaptive delay', () => {
    const throttle = new DomainThrottle('site', { ...OPTIONS, concurrency: 2 });
    expect(throttle.readyAt(0)).toBe(0);
    throttle.reserve(0);
    expect(throttle.readyAt(10)).toBe(1_000);
    throttle.setCrawlDelay(3_000);
    expect(throttle.readyAt(10)).toBe(3_025);
    throttle.reserve(3_025);
    expect(throttle.readyAt(3_025)).toBe(Number.POSITIVE_INFINITY);
    throttle.finished({ kind: 'response', status: 200, latencyMs: 50 }, 3_100);
    expect(throttle.readyAt(3_100)).toBe(6_050);
  });

  it('counts the gap from the previous answer when one request goes at a time', () => {
    const one = new DomainThrottle('site', OPTIONS);
    one.reserve(0);
    one.finished({ kind: 'response', status: 200, latencyMs: 400 }, 400);
    expect(one.readyAt(500)).toBe(1_400);
    const two = new DomainThrottle('site', { ...OPTIONS, concurrency: 2 });
    two.reserve(0);
    two.finished({ kind: 'response', status: 200, latencyMs: 400 }, 400);
    expect(two.readyAt(500)).toBe(1_000);
  });

  it('adds jitter on top of the delay, never below it', () => {
    const throttle = new DomainThrottle('site', { ...OPTIONS, jitter: 0.5 }, () => 0.999);
    throttle.reserve(0);
    throttle.finished({ kind: 'response', status: 200, latencyMs: 1 }, 0);
    expect(throttle.readyAt(0)).toBeCloseTo(1_499.5, 3);
    const low = new DomainThrottle('site', { ...OPTIONS, jitter: 0.5 }, () => 0);
    low.reserve(0);
    low.finished({ kind: 'response', status: 200, latencyMs: 1 }, 0);
    expect(low.readyAt(0)).toBe(1_000);
  });

  it('adapts to latency when AutoThrottle is on and ignores failed fetches', () => {
    const throttle = new DomainThrottle('site', { ...OPTIONS, autoThrottle: true });
    throttle.reserve(0);
    throttle.finished({ kind: 'response', status: 200, latencyMs: 4_000 }, 4_000);
    expect(throttle.delayMs).toBe(4_000);
    throttle.reserve(8_000);
    throttle.finished({ kind: 'error' }, 9_000);
    expect(throttle.delayMs).toBe(4_000);
    throttle.reserve(12_000);
    throttle.finished({ kind: 'response', status: 200, latencyMs: 0 }, 12_000);
    expect(throttle.delayMs).toBe(2_000);
  });

  it('obeys Retry-After on 429 and 503, capped, and cools down after a run of 429s', () => {
    const throttle = new DomainThrottle('site', { ...OPTIONS, maxRetryAfterMs: 120_000 });
    throttle.reserve(0);
    expect(
      throttle.finished({ kind: 'response', status: 503, latencyMs: 5, retryAfterMs: 30_000 }, 10),
    ).toEqual({ reason: 'retry-after', untilMs: 30_010 });
    expect(throttle.readyAt(20)).toBe(30_010);
    throttle.reserve(30_010);
    throttle.finished(
      { kind: 'response', status: 429, latencyMs: 5, retryAfterMs: 9_999_999 },
      30_020,
    );
    expect(throttle.readyAt(30_020)).toBe(150_020);
    throttle.reserve(150_020);
    throttle.finished(
      { kind: 'response', status: 429, latencyMs: 5, retryAfterMs: 1_000 },
      150_030,
    );
    throttle.reserve(151_030);
    const coolDown = throttle.finished(
      { kind: 'response', status: 429, latencyMs: 5, retryAfterMs: 1_000 },
      151_040,
    );
    expect(coolDown).toEqual({ reason: 'cool-down', untilMs: 751_040 });
    expect(throttle.pause(200_000)).toEqual(coolDown);
    expect(throttle.readyAt(200_000)).toBe(751_040);
  });

  it('holds the hard cap per window and carries it, the pause and Crawl-delay across a restart', () => {
    const options = { ...OPTIONS, minDelayMs: 0, requestsPerWindow: 3 };
    const first = new DomainThrottle('site', options);
    first.setCrawlDelay(500);
    for (const at of [0, 1_000, 2_000]) {
      expect(first.readyAt(at)).toBe(at);
      first.reserve(at);
      first.finished({ kind: 'response', status: 200, latencyMs: 1 }, at + 1);
    }
    expect(first.readyAt(2_500)).toBe(60_000);
    first.pauseUntil(30_000, 'retry-after');
    const state = first.state(2_500);
    expect(state).toEqual({
      starts: [0, 1_000, 2_000],
      pausedUntil: 30_000,
      pauseReason: 'retry-after',
      crawlDelayMs: 500,
    });

    const restarted = new DomainThrottle('site', options);
    restarted.restore(JSON.parse(JSON.stringify(state)) as typeof state);
    expect(restarted.readyAt(2_600)).toBe(60_000);
    expect(restarted.delayMs).toBe(525);
    expect(restarted.pause(2_600)?.reason).toBe('retry-after');
  });
});
