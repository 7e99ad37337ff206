import { decideAfterExit, describeExit, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 8_000,
  maxRestarts: 3,
  windowMs: 60_000,
};
const now = 1_000_000;

describe('decideAfterExit', () => {
  it('brings the run down at once for a configuration or usage error, keeping the code', () => {
    expect(decideAfterExit({ code: 78, signal: null }, [], now, policy)).toEqual({
      action: 'stop-run',
      reason: 'exited with code 78 (EX_CONFIG: invalid configuration); restarting cannot help',
      exitCode: 78,
    });
    expect(decideAfterExit({ code: 64, signal: null }, [], now, policy)).toMatchObject({
      action: 'stop-run',
      exitCode: 64,
    });
  });

  it('restarts a crash with a doubling wait, capped', () => {
    const crash = { code: 1, signal: null };
    expect(decideAfterExit(crash, [], now, policy)).toEqual({
      action: 'restart',
      delayMs: 1_000,
      restartsInWindow: 0,
    });
    expect(decideAfterExit(crash, [now - 5_000, now - 2_000], now, policy)).toMatchObject({
      delayMs: 4_000,
    });
    const generous = { ...policy, maxRestarts: 10 };
    expect(
      decideAfterExit(
        crash,
        [1, 2, 3, 4, 5].map((s) => now - s),
        now,
        generous,
      ),
    ).toMatchObject({ delayMs: 8_000 });
  });

  it('forgets restarts older than the window', () => {
    const decision = decideAfterExit(
      { code: 1, signal: null },
      [now - 120_000, now - 90_000],
      now,
      policy,
    );
    expect(decision).toMatchObject({ action: 'restart', delayMs: 1_000 });
  });

  it('gives up on a crash loop with exit code 1', () => {
    const decision = decideAfterExit(
      { code: null, signal: 'SIGSEGV' },
      [now - 30_000, now - 20_000, now - 10_000],
      now,
      policy,
    );
    expect(decision).toEqual({
      action: 'stop-run',
      reason: 'killed by SIGSEGV, after 3 restarts in 1 min (crash loop)',
      exitCode: 1,
    });
  });
});

describe('describeExit', () => {
  it('says what a kill usually means', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe(
      'killed by SIGKILL (out of memory, or killed from outside)',
    );
    expect(describeExit({ code: 3, signal: null })).toBe('exited with code 3');
  });
});
