import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { LAUNCH as SINK_LAUNCH } from '@tributary/bronze-sink/launch';
import { queryBronze, type ServiceProcess, waitUntil } from '@tributary/local-stack';
import { appProcess, produce } from '@tributary/local-stack/testing';
import { createS3Client } from '@tributary/runtime/aws';
import type { ShotChartSite } from '@tributary/shot-chart-site';
import {
  envelopeHeaders,
  newTraceparent,
  sampleScrapedShot,
  SCRAPER_SHOT_CHARTS,
} from '@tributary/schemas';
import { endpoints, scraper, startSite, truth, uniqueName } from './helpers';

const FROM = '2024-11-05';
const TO = '2024-11-06';
const s3 = createS3Client(endpoints.s3);

/** The built bronze sink as its own process, started as its launch file says. */
function bronzeSink(env: Record<string, string>): ServiceProcess {
  return appProcess('bronze-sink', 'apps/bronze-sink/dist/main.js', env, SINK_LAUNCH);
}

describe('end to end: fixture site → scraper (both spiders) → Kafka → bronze sink → Parquet read with DuckDB', () => {
  let site: ShotChartSite;
  const processes: ServiceProcess[] = [];
  afterEach(async () => {
    for (const process of processes.splice(0)) await process.stop('SIGKILL');
    await site.close();
  });

  it('lands every shot of every game once per spider, as many per game as the site’s truth, beside a version-1 record', async () => {
    site = await startSite({
      politeness: { enabled: true, requestsPerMinute: 600, crawlDelayS: 0.05 },
    });
    const expected = await truth(site, FROM, TO);
    const ns = uniqueName('e2e');
    const topic = `${ns}.scraper.shot-charts`;
    const bucket = `${ns}-bronze`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    // A record as the first version of the schema wrote it: old and new rows must read side by side.
    const old = sampleScrapedShot(1);
    const service = scraper(site, {
      SCRAPER_TOPIC_NAMESPACE: ns,
      SCRAPER_SPIDERS: 'shot-charts,shot-charts-api',
      SCRAPER_INITIAL_FROM: FROM,
      SCRAPER_INITIAL_TO: TO,
      SCRAPER_MAX_REQUESTS_PER_MINUTE: '300',
    });
    const sink = bronzeSink({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-sink`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_AGE_S: '2',
    });
    processes.push(service, sink);
    service.start();
    await service.ready();
    await produce(topic, [
      {
        key: SCRAPER_SHOT_CHARTS.key(old),
        value: JSON.stringify(old),
        headers: envelopeHeaders({
          schema: SCRAPER_SHOT_CHARTS.schemaName,
          schemaVersion: 1,
          producer: 'scraper-v1',
          ingestedAt: old.fetched_at,
          sourceId: SCRAPER_SHOT_CHARTS.key(old),
          traceparent: newTraceparent(),
        }),
      },
    ]);
    sink.start();
    await sink.ready();
    await service.metricReaches('tributary_scraper_crawls_total', 2, 90_000, 'outcome="finished"');
    const published = await service.metric('tributary_scraper_items_total', 'outcome="published"');
    expect(published).toBe(2 * (expected.shots?.length ?? 0));

    const landed = async () =>
      Number((await queryBronze(s3, bucket, topic, 'SELECT count(*) AS n FROM $data'))[0]?.n ?? 0);
    await waitUntil(
      'every published shot is in bronze',
      async () => (await landed()) >= published + 1,
      {
        timeoutMs: 90_000,
        intervalMs: 2_000,
      },
    );

    const perGame = await queryBronze(
      s3,
      bucket,
      topic,
      `SELECT spider, bbref_game_id, count(*) AS shots, count(DISTINCT shot_id) AS ids,
              count(home_score) AS scored, count(game_event_id) AS events, min(game_date) AS day
         FROM $data WHERE bbref_game_id IS NOT NULL GROUP BY ALL ORDER BY ALL`,
    );
    const games = expected.dates.flatMap((day) => day.games);
    const truthRows = ['shot-charts', 'shot-charts-api'].flatMap((spider) =>
      games.map((game) => ({
        spider,
        bbref_game_id: game.gameId,
        shots: game.shots,
        ids: game.shots,
        // Only the HTML chart says the score after a shot; only the JSON has event ids.
        scored: spider === 'shot-charts' ? game.shots : 0,
        events: spider === 'shot-charts' ? 0 : game.shots,
      })),
    );
    expect(
      perGame.map((row) => ({
        spider: row.spider,
        bbref_game_id: row.bbref_game_id,
        shots: Number(row.shots),
        ids: Number(row.ids),
        scored: Number(row.scored),
        events: Number(row.events),
      })),
    ).toEqual(
      truthRows.sort(
        (a, b) =>
          a.spider.localeCompare(b.spider) || a.bbref_game_id.localeCompare(b.bbref_game_id),
      ),
    );

    // The same shot from both sources agrees on what both can say.
    const [agreement] = await queryBronze(
      s3,
      bucket,
      topic,
      `WITH html AS (SELECT * FROM $data WHERE spider = 'shot-charts'),
            api AS (SELECT * FROM $data WHERE spider = 'shot-charts-api')
       SELECT count(*) AS pairs,
              count(*) FILTER (WHERE html.shot_made = api.shot_made AND html.shot_distance = api.shot_distance
                                 AND html.team_id = api.team_id AND abs(html.loc_y - api.loc_y) <= 0.6
                                 AND html.loc_x = api.loc_x) AS agree
         FROM html JOIN api
           ON html.bbref_game_id = api.bbref_game_id AND html.period = api.period
          AND html.player_name = api.player_name AND html.loc_x = api.loc_x
          AND floor(html.period_seconds_remaining) = api.period_seconds_remaining`,
    );
    expect(Number(agreement?.pairs)).toBeGreaterThanOrEqual(0.99 * (expected.shots?.length ?? 0));
    expect(Number(agreement?.agree)).toBe(Number(agreement?.pairs));

    // The version-1 record landed too, with nulls in the columns added since.
    const [v1] = await queryBronze(
      s3,
      bucket,
      topic,
      `SELECT game_event_id, player_id, shot_id, bbref_game_id, x_ft FROM $data WHERE game_id = '${old.item.game_id}'`,
    );
    expect(v1).toEqual({
      game_event_id: BigInt(old.item.game_event_id ?? 0),
      player_id: BigInt(old.item.player_id ?? 0),
      shot_id: null,
      bbref_game_id: null,
      x_ft: null,
    });

    expect(await service.stop('SIGTERM')).toBe(0);
    expect(await sink.stop('SIGTERM')).toBe(0);
  });
});
