import type { JobsReplayServer } from '@tributary/jobs-replay';
import { waitUntil } from '@tributary/local-stack';
import { promtoolProblems, uniqueName } from '@tributary/local-stack/testing';
import type { JobSource } from '@tributary/schemas';
import { jobPostings, replaySourcesFile } from './support/app';
import { bronzeSink, createBucket, queryTopic } from './support/bronze';
import { readChanges } from './support/kafka';
import { control, startReplay } from './support/replay';

const SOURCES: JobSource[] = ['greenhouse', 'remotive', 'hn-whoishiring'];
const RUNS = 'tributary_jobs_runs_total';

describe('end to end: replay → job-postings → Kafka → bronze-sink → Parquet', () => {
  let replay: JobsReplayServer;
  afterEach(() => replay.close());

  it('lands one row per published change, with its keywords, readable by DuckDB', async () => {
    replay = await startReplay();
    const ns = uniqueName('jobs-e2e');
    const topic = `${ns}.jobs.postings`;
    const bucket = `${ns}-bronze`;
    await createBucket(bucket);
    const collector = jobPostings({
      SOURCES_FILE: replaySourcesFile(replay, SOURCES, {
        boards: 3,
        everyS: 1,
        perSource: { greenhouse: { minRunIntervalS: 2 } },
      }),
      OUTPUT_TOPIC: topic,
      STATE_GROUP_ID: ns,
    });
    const sink = bronzeSink(topic, bucket, `${ns}-sink`);
    try {
      collector.start();
      await collector.ready();
      sink.start();
      await sink.ready();
      for (const source of SOURCES)
        await collector.metricReaches(RUNS, 1, 60_000, `source="${source}"`);
      await control.advance(replay, { days: 6 });
      const before = await collector.metric(RUNS, 'source="greenhouse"');
      await collector.metricReaches(RUNS, before + 1, 30_000, 'source="greenhouse"');
      // Every metric the collector exports, with the series this run made, passes Prometheus's linter.
      expect(promtoolProblems(await collector.metricsPage())).toEqual([]);
      expect(await collector.stop('SIGTERM')).toBe(0);

      const changes = await readChanges(topic);
      const published = changes.length;
      expect(published).toBeGreaterThan(100);
      await waitUntil(
        'every published change is in bronze',
        async () =>
          Number((await queryTopic(bucket, topic, 'SELECT count(*) AS n FROM $data'))[0]?.n ?? 0) >=
          published,
        { timeoutMs: 90_000, intervalMs: 2_000, isAlive: () => sink.running },
      );
      const [summary] = await queryTopic(
        bucket,
        topic,
        `SELECT count(*) AS n,
                count(DISTINCT (posting_id, revision)) AS changes,
                count(posting_id) AS with_id,
                count(*) FILTER (WHERE len(tech_keywords) > 0) AS with_keywords,
                count(*) FILTER (WHERE change = 'created') AS created,
                count(*) FILTER (WHERE change = 'updated') AS updated,
                count(*) FILTER (WHERE change = 'closed') AS closed,
                count(*) FILTER (WHERE json_extract_string(_raw, '$.posting_id') = posting_id) AS raw_matches,
                count(DISTINCT source) AS sources
           FROM $data`,
      );
      expect(Number(summary?.n)).toBe(published);
      expect(Number(summary?.changes)).toBe(published);
      expect(Number(summary?.with_id)).toBe(published);
      expect(Number(summary?.raw_matches)).toBe(published);
      expect(Number(summary?.sources)).toBe(SOURCES.length);
      expect(Number(summary?.with_keywords) / published).toBeGreaterThan(0.8);
      for (const kind of ['created', 'updated', 'closed'])
        expect(Number(summary?.[kind])).toBeGreaterThan(0);
      expect(Number(summary?.created)).toBe(
        changes.filter((change) => change.change === 'created').length,
      );

      const [sample] = await queryTopic(
        bucket,
        topic,
        `SELECT tech_keywords, keyword_list_version, salary_annual_min, countries FROM $data
          WHERE source = 'greenhouse' AND change = 'created' AND salary_annual_min IS NOT NULL LIMIT 1`,
      );
      expect((sample?.tech_keywords as string[]).length).toBeGreaterThan(0);
      expect(sample?.keyword_list_version).toEqual(expect.any(String));
      expect(await sink.stop('SIGTERM')).toBe(0);
    } finally {
      await collector.stop('SIGKILL');
      await sink.stop('SIGKILL');
    }
  }, 200_000);
});
