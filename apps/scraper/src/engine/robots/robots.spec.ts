import { RobotsCache } from './robots-cache';
import { parseRobots } from './robots-rules';

// basketball-reference's robots.txt as the fixture site serves it (packages/shot-chart-site).
const SITE_ROBOTS = [
  'User-agent: BadBot',
  'Disallow: /',
  '',
  'User-agent: *',
  'Crawl-delay: 3',
  'Disallow: */shooting/',
  'Disallow: /play-index/',
  'Disallow: /dump/',
  '',
].join('\n');

const ORIGIN = 'https://www.basketball-reference.com';

describe('robots.txt rules', () => {
  const rules = parseRobots(`${ORIGIN}/robots.txt`, SITE_ROBOTS, 'tributary-scraper');

  it('allows box scores and shot charts and disallows any /shooting/ path and the listed folders', () => {
    expect(rules.isAllowed(`${ORIGIN}/boxscores/?month=11&day=5&year=2024`)).toBe(true);
    expect(rules.isAllowed(`${ORIGIN}/boxscores/shot-chart/202411050BOS.html`)).toBe(true);
    expect(rules.isAllowed(`${ORIGIN}/players/r/reaveau01/shooting/2025`)).toBe(false);
    expect(rules.isAllowed(`${ORIGIN}/play-index/shot_finder.cgi?request=1`)).toBe(false);
    expect(rules.isAllowed(`${ORIGIN}/dump/all.csv`)).toBe(false);
  });

  it('reads Crawl-delay for our agent from the * group, and its own group when it has one', () => {
    expect(rules.crawlDelayMs).toBe(3_000);
    const own = parseRobots(
      `${ORIGIN}/robots.txt`,
      'User-agent: *\nCrawl-delay: 10\n\nUser-agent: tributary-scraper\nCrawl-delay: 0.5\nDisallow: /x/\n',
      'tributary-scraper',
    );
    expect(own.crawlDelayMs).toBe(500);
    expect(own.isAllowed(`${ORIGIN}/x/1`)).toBe(false);
    expect(own.isAllowed(`${ORIGIN}/y/1`)).toBe(true);
  });

  it('applies a group naming our agent, and never allows a URL of another origin', () => {
    const banned = parseRobots(`${ORIGIN}/robots.txt`, SITE_ROBOTS, 'BadBot');
    expect(banned.isAllowed(`${ORIGIN}/boxscores/`)).toBe(false);
    expect(rules.isAllowed('https://ads.example.com/click')).toBe(false);
    const longest = parseRobots(
      `${ORIGIN}/robots.txt`,
      'User-agent: *\nDisallow: /boxscores/\nAllow: /boxscores/shot-chart/\n',
      'tributary-scraper',
    );
    expect(longest.isAllowed(`${ORIGIN}/boxscores/shot-chart/1.html`)).toBe(true);
    expect(longest.isAllowed(`${ORIGIN}/boxscores/1.html`)).toBe(false);
  });
});

describe('robots.txt cache', () => {
  const options = {
    agent: 'tributary-scraper',
    ttlMs: 1_000,
    retryMs: 100,
    maxRetryMs: 400,
    maxFailures: 4,
  };

  it('fetches once, trusts the file for its TTL, then fetches again', () => {
    const cache = new RobotsCache(options);
    expect(cache.lookup(ORIGIN, 0)).toEqual({ state: 'fetch' });
    cache.begin(ORIGIN);
    expect(cache.lookup(ORIGIN, 1)).toEqual({ state: 'fetching' });
    cache.complete(ORIGIN, { kind: 'response', status: 200, text: SITE_ROBOTS }, 10);
    const lookup = cache.lookup(ORIGIN, 500);
    expect(lookup.state).toBe('ready');
    expect(lookup.state === 'ready' && lookup.rules.crawlDelayMs).toBe(3_000);
    expect(cache.lookup(ORIGIN, 1_010)).toEqual({ state: 'fetch' });
  });

  it('treats a 404 as no restrictions', () => {
    const cache = new RobotsCache(options);
    cache.begin(ORIGIN);
    const rules = cache.complete(ORIGIN, { kind: 'response', status: 404, text: '' }, 0);
    expect(rules.source).toBe('absent');
    expect(rules.isAllowed(`${ORIGIN}/anything`)).toBe(true);
  });

  it('holds requests while robots.txt is unreachable, retrying with a doubling wait, then gives up', () => {
    const cache = new RobotsCache(options);
    let now = 0;
    const waits: number[] = [];
    for (const answer of [
      { kind: 'response' as const, status: 503, text: '' },
      { kind: 'error' as const },
      { kind: 'response' as const, status: 429, text: '' },
      { kind: 'error' as const },
    ]) {
      expect(cache.lookup(ORIGIN, now).state).toBe('fetch');
      cache.begin(ORIGIN);
      const rules = cache.complete(ORIGIN, answer, now);
      expect(rules.isAllowed(`${ORIGIN}/boxscores/`)).toBe(false);
      const lookup = cache.lookup(ORIGIN, now);
      if (lookup.state === 'wait') {
        waits.push(lookup.untilMs - now);
        now = lookup.untilMs;
      }
    }
    expect(waits).toEqual([100, 200, 400]);
    expect(cache.lookup(ORIGIN, now)).toEqual({ state: 'given-up', failures: 4 });
  });

  it('keeps rules read earlier while a refresh fails', () => {
    const cache = new RobotsCache(options);
    cache.begin(ORIGIN);
    cache.complete(ORIGIN, { kind: 'response', status: 200, text: SITE_ROBOTS }, 0);
    cache.begin(ORIGIN);
    const rules = cache.complete(ORIGIN, { kind: 'error' }, 2_000);
    expect(rules.source).toBe('file');
    expect(cache.lookup(ORIGIN, 2_050).state).toBe('ready');
  });
});
