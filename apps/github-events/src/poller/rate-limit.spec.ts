import { errorWaitMs, pollWaitMs, rateLimitedWaitMs, readRateLimit } from './rate-limit';

const options = { rateLimitMinWaitMs: 60_000, backoffMaxMs: 900_000 };
const now = 1_700_000_000_000;
const noJitter = () => 0;

describe('rateLimitedWaitMs (GitHub: retry-after, else reset when remaining is 0, else ≥ 60 s doubling)', () => {
  it('waits retry-after when present', () => {
    expect(rateLimitedWaitMs({ 'retry-after': '7' }, 1, options, now, noJitter)).toBe(7_000);
  });

  it('waits until the reset (plus a second) when the budget is spent', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 120) };
    expect(rateLimitedWaitMs(headers, 1, options, now, noJitter)).toBe(121_000);
  });

  it('otherwise waits at least the minimum, doubling per consecutive limit, capped', () => {
    expect(rateLimitedWaitMs({}, 1, options, now, noJitter)).toBe(60_000);
    expect(rateLimitedWaitMs({}, 2, options, now, noJitter)).toBe(120_000);
    expect(rateLimitedWaitMs({}, 10, options, now, noJitter)).toBe(900_000);
    expect(rateLimitedWaitMs({}, 1, options, now, () => 0.99)).toBeGreaterThanOrEqual(60_000);
  });

  it('caps a huge retry-after', () => {
    expect(rateLimitedWaitMs({ 'retry-after': '86400' }, 1, options, now)).toBe(900_000);
  });
});

describe('pollWaitMs', () => {
  it('never polls faster than X-Poll-Interval', () => {
    expect(pollWaitMs(60_000, {}, now)).toBe(60_000);
    expect(pollWaitMs(60_000, { remaining: 4_999, resetAtMs: now + 3_600_000 }, now)).toBe(60_000);
  });

  it('spreads the remaining budget until the reset', () => {
    expect(pollWaitMs(1_000, { remaining: 10, resetAtMs: now + 600_000 }, now)).toBe(60_000);
    expect(pollWaitMs(1_000, { remaining: 0, resetAtMs: now + 30_000 }, now)).toBe(31_000);
  });
});

describe('errorWaitMs', () => {
  it('backs off from the poll interval, never below it, capped', () => {
    expect(errorWaitMs(60_000, 0, options, noJitter)).toBe(60_000);
    expect(errorWaitMs(60_000, 3, options, () => 1)).toBe(480_000);
    expect(errorWaitMs(60_000, 30, options, () => 1)).toBe(900_000);
  });
});

it('reads the rate-limit headers', () => {
  expect(
    readRateLimit({
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '5',
      'x-ratelimit-reset': '100',
    }),
  ).toEqual({ limit: 60, remaining: 5, resetAtMs: 100_000 });
});
