import type { ServiceProcess } from '@tributary/local-stack';
import type { ShotChartSite } from '@tributary/shot-chart-site';
import { DLQ_HEADERS } from '@tributary/schemas';
import { readTopic, scraper, siteLog, startSite, truth, uniqueName } from './helpers';

const DAY = '2024-11-05';
const COOL_DOWN_S = 4;

describe('the scraper service against a site that defends itself', () => {
  let site: ShotChartSite;
  const processes: ServiceProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await process.stop('SIGKILL');
    await site.close();
  });

  it('waits out Retry-After, cools the domain down after a run of 429s, dead-letters a drifted chart and finishes the rest', async () => {
    site = await startSite({
      politeness: { enabled: true, requestsPerMinute: 600, crawlDelayS: 0.05 },
    });
    const expected = await truth(site, DAY, DAY);
    const games = expected.dates.flatMap((day) => day.games);
    const drifted = games[1];
    if (!drifted) throw new Error('too few games');
    site.addFaults([
      // A storm on the day page: three 429s in a row, each asking for a second.
      { path: '/boxscores/', times: 3, fault: { kind: 'status', status: 429, retryAfterS: 1 } },
      {
        path: `/boxscores/shot-chart/${drifted.gameId}.html`,
        times: 10,
        fault: { kind: 'drift', layout: 'shot-tip' },
      },
    ]);
    const ns = uniqueName();
    const topic = `${ns}.scraper.shot-charts`;
    const service = scraper(site, {
      SCRAPER_TOPIC_NAMESPACE: ns,
      SCRAPER_INITIAL_FROM: DAY,
      SCRAPER_INITIAL_TO: DAY,
      SCRAPER_COOLDOWN_AFTER_429S: '3',
      SCRAPER_COOLDOWN_S: String(COOL_DOWN_S),
      SCRAPER_RETRIES: '4',
      SCRAPER_MAX_REQUESTS_PER_MINUTE: '300',
    });
    processes.push(service);
    service.start();
    await service.ready();
    await service.metricReaches('tributary_scraper_crawls_total', 1, 60_000, 'outcome="finished"');

    // The storm: each 429's Retry-After was obeyed, and the third in a row stopped the domain.
    const log = siteLog(site);
    const day = log.filter((entry) => entry.path.startsWith('/boxscores/?'));
    expect(day.map((entry) => entry.status)).toEqual([429, 429, 429, 200]);
    const [first, second, third, fourth] = day.map((entry) => entry.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((fourth ?? 0) - (third ?? 0)).toBeGreaterThanOrEqual(COOL_DOWN_S * 1_000);
    expect(log.filter((entry) => entry.at > (third ?? 0) && entry.at < (fourth ?? 0))).toEqual([]);
    expect(await service.metric('tributary_scraper_domain_cooldowns_total')).toBe(1);
    expect(await service.metric('tributary_scraper_retries_total', 'reason="http_429"')).toBe(3);

    // The drifted chart is dead-lettered with the reason and its URL; the other games are published.
    const letters = await readTopic(`${topic}.dlq`);
    expect(letters).toHaveLength(1);
    expect(letters[0]?.headers[DLQ_HEADERS.reason]).toBe('parse_failed');
    expect(letters[0]?.headers[DLQ_HEADERS.detail]).toMatch(/^no_shots: /);
    expect(letters[0]?.headers[DLQ_HEADERS.sourceLocation]).toBe(
      `${site.url}/boxscores/shot-chart/${drifted.gameId}.html`,
    );
    expect(JSON.parse(letters[0]?.value ?? '{}')).toMatchObject({
      spider: 'shot-charts',
      reason: 'parse_failed',
      attempts: 1,
    });
    expect(
      await service.metric('tributary_scraper_parse_failures_total', 'reason="no_shots"'),
    ).toBe(1);
    const items = await readTopic(topic);
    expect(items).toHaveLength((expected.shots?.length ?? 0) - drifted.shots);
    expect(items.some((item) => item.key?.startsWith(drifted.gameId))).toBe(false);
    expect(await service.metric('tributary_scraper_items_total', 'outcome="published"')).toBe(
      items.length,
    );
    expect(site.log.stats.rateLimited).toBe(0);

    expect(await service.stop('SIGTERM')).toBe(0);
  });

  it('fetches nothing robots.txt disallows for its agent', async () => {
    site = await startSite({
      politeness: { enabled: true, requestsPerMinute: 600, crawlDelayS: 0.05 },
    });
    const ns = uniqueName();
    // The site's robots.txt has `User-agent: BadBot` / `Disallow: /`.
    const crawl = scraper(site, { SCRAPER_TOPIC_NAMESPACE: ns, SCRAPER_ROBOTS_AGENT: 'BadBot' }, [
      'crawl',
      'shot-charts',
      '--from',
      DAY,
      '--to',
      DAY,
    ]);
    processes.push(crawl);
    crawl.start();
    expect(await crawl.exited(60_000)).toBe(0);
    expect(crawl.output.join('\n')).toMatch(
      /finished after \d+ s: 0 pages done, 1 failed, 0 to go; 0 items published .* 1 blocked by robots\.txt/,
    );
    expect(siteLog(site).map((entry) => entry.path)).toEqual(['/robots.txt']);
    expect(siteLog(site)[0]?.userAgent).toBe(
      'BadBot/0.1 (+https://github.com/tributary-data/tributary)',
    );
  });
});
