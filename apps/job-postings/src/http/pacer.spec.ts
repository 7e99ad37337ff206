import { Pacer, windowSlackMs, type PacerClock } from './pacer';

/** A clock that only moves when someone sleeps. */
function fakeClock(random = 0): PacerClock & { time: number; sleeps: number[] } {
  const clock = {
    time: 1_000_000,
    sleeps: [] as number[],
    now: () => clock.time,
    random: () => random,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

async function request(pacer: Pacer, clock: { time: number }, durationMs = 100): Promise<number> {
  await pacer.acquire();
  const started = clock.time;
  clock.time += durationMs;
  pacer.release();
  return started;
}

describe('Pacer', () => {
  it('waits the delay plus jitter between the end of one request and the start of the next', async () => {
    const clock = fakeClock(0.5);
    const pacer = new Pacer({ delayMs: 1_000, jitterMs: 400, limits: [] }, clock);
    const first = await request(pacer, clock);
    const second = await request(pacer, clock);
    expect(first).toBe(1_000_000);
    expect(second - (first + 100)).toBe(1_200);
  });

  it('never lets more than `count` requests start in any window (with slack)', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(
      { delayMs: 0, jitterMs: 0, limits: [{ count: 3, windowS: 10 }] },
      clock,
    );
    const starts: number[] = [];
    for (let index = 0; index < 10; index++) starts.push(await request(pacer, clock, 10));
    const windowMs = 10_000 + windowSlackMs(10);
    for (const start of starts) {
      expect(
        starts.filter((other) => other >= start && other < start + windowMs).length,
      ).toBeLessThanOrEqual(3);
    }
    expect(starts[3]! - starts[0]!).toBe(windowMs);
  });

  it('keeps several limits at once', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(
      {
        delayMs: 0,
        jitterMs: 0,
        limits: [
          { count: 2, windowS: 1 },
          { count: 3, windowS: 60 },
        ],
      },
      clock,
    );
    const starts: number[] = [];
    for (let index = 0; index < 4; index++) starts.push(await request(pacer, clock, 1));
    expect(starts[1]! - starts[0]!).toBe(1);
    expect(starts[2]! - starts[0]!).toBe(1_000 + windowSlackMs(1));
    expect(starts[3]! - starts[0]!).toBe(60_000 + windowSlackMs(60));
  });

  it('respects a block (Retry-After) and, after a takeover, the longest window from the last known request', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(
      { delayMs: 0, jitterMs: 0, limits: [{ count: 1, windowS: 3_600 }] },
      clock,
    );
    pacer.blockUntil(clock.time + 30_000);
    expect(await request(pacer, clock)).toBe(1_030_000);

    const taken = new Pacer(
      { delayMs: 0, jitterMs: 0, limits: [{ count: 1, windowS: 3_600 }] },
      clock,
    );
    const lastKnown = clock.time - 600_000;
    taken.assumeExhaustedAt(lastKnown);
    expect(await request(taken, clock)).toBe(lastKnown + 3_600_000 + windowSlackMs(3_600));
  });

  it('carries requests over to a new owner: its recent starts are seeded and counted', async () => {
    const clock = fakeClock();
    const old = new Pacer({ delayMs: 0, jitterMs: 0, limits: [{ count: 2, windowS: 10 }] }, clock);
    const first = await request(old, clock);
    await request(old, clock);
    expect(old.recentStarts()).toEqual([first, first + 100]);
    const next = new Pacer({ delayMs: 0, jitterMs: 0, limits: [{ count: 2, windowS: 10 }] }, clock);
    next.seed(old.recentStarts(), clock.time);
    expect(await request(next, clock)).toBe(first + 10_000 + windowSlackMs(10));
  });

  it('serializes concurrent callers: one request at a time', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ delayMs: 500, jitterMs: 0, limits: [] }, clock);
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        await pacer.acquire();
        order.push(`${name}@${clock.time}`);
        clock.time += 100;
        pacer.release();
      }),
    );
    expect(order).toEqual(['a@1000000', 'b@1000600', 'c@1001200']);
  });

  it('gives up waiting when the signal aborts', async () => {
    const pacer = new Pacer({ delayMs: 0, jitterMs: 0, limits: [] });
    pacer.blockUntil(Date.now() + 60_000);
    const stop = new AbortController();
    const waiting = pacer.acquire(stop.signal);
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
