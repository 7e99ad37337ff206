import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('wakes a waiter at its deadline, on notify, or on abort', async () => {
    const wakeup = new Wakeup(10_000);
    const started = Date.now();
    await wakeup.wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);

    let woken = false;
    const waiting = wakeup.wait(Number.POSITIVE_INFINITY).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    wakeup.notify();
    await waiting;
    expect(woken).toBe(true);

    const controller = new AbortController();
    const aborted = wakeup.wait(Number.POSITIVE_INFINITY, controller.signal);
    controller.abort();
    await aborted;
  });

  it('wakes a waiter without a deadline at the heartbeat, as a safety net', async () => {
    const wakeup = new Wakeup(20);
    const started = Date.now();
    await wakeup.wait(Number.POSITIVE_INFINITY);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
