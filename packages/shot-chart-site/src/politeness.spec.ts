import { RateLimiter, type PolitenessConfig } from './politeness';
import { ShotChartSite } from './site-server';

function limiter(overrides: Partial<PolitenessConfig> = {}) {
  const clock = { now: 1_700_000_000_000 };
  const config: PolitenessConfig = {
    enabled: true,
    requestsPerMinute: 20,
    blockS: 60,
    maxBlockS: 300,
    crawlDelayS: 3,
    ...overrides,
  };
  return {
    clock,
    config,
    limiter: new RateLimiter(
      () => config,
      () => clock.now,
    ),
  };
}

describe('RateLimiter', () => {
  it('lets N requests a minute through and blocks the next with Retry-After', () => {
    const { clock, limiter: rate } = limiter();
    for (let i = 0; i < 20; i += 1) {
      expect(rate.admit('a').allowed).toBe(true);
      clock.now += 1000;
    }
    expect(rate.admit('a')).toEqual({
      allowed: false,
      retryAfterS: 60,
      offences: 1,
      crawlDelayViolated: true,
    });
    expect(rate.admit('b').allowed).toBe(true);
  });

  it('counts a sliding minute', () => {
    const { clock, limiter: rate } = limiter();
    for (let i = 0; i < 20; i += 1) expect(rate.admit('a').allowed).toBe(true);
    clock.now += 60_001;
    for (let i = 0; i < 20; i += 1) expect(rate.admit('a').allowed).toBe(true);
    expect(rate.admit('a').allowed).toBe(false);
  });

  it('extends a block on every request during it, and doubles the block of a repeat offender up to the max', () => {
    const { clock, limiter: rate } = limiter({ requestsPerMinute: 2 });
    const flood = () => {
      rate.admit('a');
      rate.admit('a');
      return rate.admit('a');
    };
    expect(flood()).toMatchObject({ allowed: false, retryAfterS: 60, offences: 1 });
    clock.now += 50_000;
    expect(rate.admit('a')).toMatchObject({ allowed: false, retryAfterS: 60 });
    clock.now += 59_000;
    expect(rate.admit('a')).toMatchObject({ allowed: false, retryAfterS: 60 });
    clock.now += 60_001;
    expect(rate.admit('a').allowed).toBe(true);
    clock.now += 60_001;
    expect(flood()).toMatchObject({ allowed: false, retryAfterS: 120, offences: 2 });
    clock.now += 120_001;
    expect(flood()).toMatchObject({ allowed: false, retryAfterS: 240, offences: 3 });
    clock.now += 240_001;
    expect(flood()).toMatchObject({ allowed: false, retryAfterS: 300, offences: 4 });
    expect(rate.snapshot()).toEqual([
      { client: 'a', blockedForS: 300, offences: 4, requestsLastMinute: 0 },
    ]);
  });

  it('lets everything through with politeness off', () => {
    const { limiter: rate } = limiter({ enabled: false, requestsPerMinute: 1 });
    for (let i = 0; i < 100; i += 1)
      expect(rate.admit('a')).toEqual({ allowed: true, crawlDelayViolated: false });
  });
});

describe('ShotChartSite politeness over HTTP', () => {
  const clock = { now: Date.UTC(2026, 0, 1) };
  let site: ShotChartSite;
  beforeEach(async () => {
    site = await new ShotChartSite({
      port: 0,
      seed: 42,
      from: '2024-10-22',
      to: '2024-10-23',
      politeness: { requestsPerMinute: 3, blockS: 30, maxBlockS: 3600, crawlDelayS: 3 },
      now: () => clock.now,
    }).listen();
  });
  afterEach(() => site.close());

  it('answers 429 with Retry-After past the limit, keeps the control API open, and counts crawl-delay violations', async () => {
    const get = (path = '/boxscores/?month=10&day=22&year=2024') => fetch(`${site.url}${path}`);
    for (let i = 0; i < 3; i += 1) {
      expect((await get()).status).toBe(200);
      clock.now += 1000;
    }
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    clock.now += 20_000;
    const again = await get('/robots.txt');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('30');
    for (let i = 0; i < 10; i += 1)
      expect((await fetch(`${site.url}/_control/config`)).status).toBe(200);
    clock.now += 30_001;
    expect((await get()).status).toBe(200);

    const stats = (await (await fetch(`${site.url}/_control/stats`)).json()) as {
      rateLimited: number;
      crawlDelayViolations: number;
      byStatus: Record<string, number>;
      clients: { client: string; offences: number }[];
    };
    expect(stats.byStatus).toEqual({ 200: 4, 429: 2 });
    expect(stats.rateLimited).toBe(2);
    expect(stats.crawlDelayViolations).toBe(3);
    expect(stats.clients[0]?.offences).toBe(1);
  });

  it('switches politeness off and on through the control API', async () => {
    const off = await fetch(`${site.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({ politeness: { enabled: false } }),
    });
    expect(((await off.json()) as { politeness: { enabled: boolean } }).politeness.enabled).toBe(
      false,
    );
    for (let i = 0; i < 10; i += 1)
      expect((await fetch(`${site.url}/robots.txt`)).status).toBe(200);
    expect(await (await fetch(`${site.url}/robots.txt`)).text()).not.toContain('Crawl-delay');
    await fetch(`${site.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({
        politeness: { enabled: true, crawlDelayS: 10, requestsPerMinute: 50 },
      }),
    });
    expect(await (await fetch(`${site.url}/robots.txt`)).text()).toContain('Crawl-delay: 10');
  });

  it('keys clients by address and User-Agent when told to', async () => {
    await fetch(`${site.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({ clientKey: 'ip+user-agent' }),
    });
    const as = (agent: string) =>
      fetch(`${site.url}/robots.txt`, { headers: { 'user-agent': agent } });
    for (let i = 0; i < 3; i += 1) expect((await as('spider-a')).status).toBe(200);
    expect((await as('spider-a')).status).toBe(429);
    expect((await as('spider-b')).status).toBe(200);
  });
});
