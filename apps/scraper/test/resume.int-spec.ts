import type { ServiceProcess } from '@tributary/local-stack';
import type { ShotChartSite } from '@tributary/shot-chart-site';
import { ENVELOPE_HEADERS, ScrapedShot } from '@tributary/schemas';
import {
  busiestWindow,
  fetchesPerPage,
  htmlShotKeys,
  readTopic,
  scraper,
  siteLog,
  startSite,
  truth,
  uniqueName,
} from './helpers';

const FROM = '2024-11-05';
const TO = '2024-11-07';
const PER_MINUTE = 30;
const RETRIES = 2;

describe('a crawl killed with SIGKILL, then stopped with SIGTERM, then run to its end', () => {
  let site: ShotChartSite;
  const processes: ServiceProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await process.stop('SIGKILL');
    await site.close();
  });

  it('publishes every shot exactly once, fetches no page more than its attempts allow and never exceeds the per-minute cap', async () => {
    // The site blocks a client over 30 requests in any minute, as basketball-reference does over 20.
    site = await startSite({
      politeness: { enabled: true, requestsPerMinute: PER_MINUTE, crawlDelayS: 0.1, blockS: 60 },
    });
    const expected = await truth(site, FROM, TO);
    const games = expected.dates.flatMap((day) => day.games);
    const [flaky, cut] = games;
    if (!flaky || !cut) throw new Error('too few games');
    site.addFaults([
      {
        path: `/boxscores/shot-chart/${flaky.gameId}.html`,
        times: RETRIES,
        fault: { kind: 'status', status: 503 },
      },
      { path: `/boxscores/${cut.gameId}.html`, times: 1, fault: { kind: 'truncate', abort: true } },
    ]);
    const ns = uniqueName();
    const topic = `${ns}.scraper.shot-charts`;
    const env = {
      SCRAPER_TOPIC_NAMESPACE: ns,
      SCRAPER_MAX_REQUESTS_PER_MINUTE: String(PER_MINUTE),
      SCRAPER_RETRIES: String(RETRIES),
    };
    const crawl = () => scraper(site, env, ['crawl', 'shot-charts', '--from', FROM, '--to', TO]);

    const killed = crawl();
    processes.push(killed);
    killed.start();
    await killed.metricReaches('tributary_scraper_pages_total', 12, 30_000);
    await killed.stop('SIGKILL');

    const stopped = crawl();
    processes.push(stopped);
    stopped.start();
    await stopped.metricReaches('tributary_scraper_pages_total', 6, 30_000);
    expect(await stopped.stop('SIGTERM')).toBe(0);

    const finishing = crawl();
    processes.push(finishing);
    finishing.start();
    expect(await finishing.exited(150_000)).toBe(0);
    expect(finishing.output.join('\n')).toMatch(
      /shot-charts 2024-11-05\.\.2024-11-07 finished after \d+ s: 43 pages done, 0 failed, 0 to go/,
    );

    const messages = await readTopic(topic);
    const keys = messages.map((message) => message.key ?? '');
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(htmlShotKeys(expected).sort());
    const sample = messages[0];
    expect(sample?.headers[ENVELOPE_HEADERS.producer]).toBe('scraper');
    expect(sample?.headers[ENVELOPE_HEADERS.sourceId]).toBe(sample?.key);
    expect(ScrapedShot.parse(JSON.parse(sample?.value ?? '')).spider).toBe('shot-charts');

    const log = siteLog(site);
    const fetches = fetchesPerPage(log);
    expect(fetches.size).toBe(expected.dates.length + 2 * games.length);
    expect(Math.max(...fetches.values())).toBeLessThanOrEqual(RETRIES + 1);
    expect(fetches.get(`/boxscores/shot-chart/${flaky.gameId}.html`)).toBe(RETRIES + 1);
    // Three processes, one site: the cap held across the kill and the restarts (they read it back).
    expect(busiestWindow(log, 60_000)).toBeLessThanOrEqual(PER_MINUTE);
    expect(log.length).toBeGreaterThan(PER_MINUTE);
    expect(site.log.stats.rateLimited).toBe(0);
    expect(site.log.stats.crawlDelayViolations).toBe(0);
  });
});
