import { backoffDelay, retry } from './retry';
import { TributaryError } from './errors';

const fast = { initialMs: 1, maxMs: 2, factor: 2 };

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const top = () => 1;
    const options = { initialMs: 100, maxMs: 1_000, factor: 2 };
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, options, top))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('spreads delays over the whole window (full jitter)', () => {
    const options = { initialMs: 100, maxMs: 1_000, factor: 2 };
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
  });
});

describe('retry', () => {
  it('retries retriable errors until the operation succeeds', async () => {
    const seen: number[] = [];
    const result = await retry(
      (attempt) => {
        seen.push(attempt);
        if (attempt < 2) throw new TributaryError('UPSTREAM_5XX', 'busy', { retriable: true });
        return Promise.resolve('done');
      },
      { retries: 5, ...fast },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('does not retry an error that is not retriable', async () => {
    let calls = 0;
    const failure = new TributaryError('BAD_RECORD', 'malformed');
    await expect(
      retry(
        () => {
          calls++;
          return Promise.reject(failure);
        },
        { retries: 5, ...fast },
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('gives up after the allowed retries with the last error', async () => {
    const onRetry = jest.fn();
    let calls = 0;
    await expect(
      retry(
        () => {
          calls++;
          return Promise.reject(
            new TributaryError('TIMEOUT', `attempt ${calls}`, { retriable: true }),
          );
        },
        { retries: 2, onRetry, ...fast },
      ),
    ).rejects.toThrow('attempt 3');
    expect(calls).toBe(3);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = retry(
      () => Promise.reject(new TributaryError('TIMEOUT', 'slow', { retriable: true })),
      { retries: Infinity, initialMs: 60_000, maxMs: 60_000, factor: 1, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
