import { UpstreamHealth } from './upstream-health';

const dns = {
  kind: 'dns' as const,
  reason: 'dns',
  detail: 'DNS lookup of api.github.com failed (ENOTFOUND)',
};

describe('UpstreamHealth', () => {
  it('stays ready through short failures and turns not ready after the configured time, saying why', async () => {
    let now = 1_000_000;
    const health = new UpstreamHealth(300_000, () => now);
    await expect(health.check()).resolves.toBe(true);
    health.failed(dns);
    now += 200_000;
    health.failed(dns);
    await expect(health.check()).resolves.toBe(true);
    now += 100_001;
    await expect(health.check()).rejects.toThrow(
      'GET /events has failed for 5 min (no answer since start): DNS lookup of api.github.com failed (ENOTFOUND)',
    );
    expect(health.failingForMs()).toBe(300_001);
  });

  it('is ready again at the first answer, and remembers it', async () => {
    let now = 0;
    const health = new UpstreamHealth(60_000, () => now);
    health.answered();
    now = 10_000;
    health.failed(dns);
    now = 100_000;
    await expect(health.check()).rejects.toThrow('has failed for 90 s (last answer 100 s ago)');
    health.answered();
    await expect(health.check()).resolves.toBe(true);
    expect(health.failingForMs()).toBe(0);
  });
});
