import { randomUUID } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { LAUNCH as SINK_LAUNCH } from '@tributary/bronze-sink/launch';
import { ReplayServer } from '@tributary/github-replay';
import { queryBronze, stackEndpointsFromEnv, waitUntil } from '@tributary/local-stack';
import { appProcess, promtoolProblems } from '@tributary/local-stack/testing';
import { createS3Client } from '@tributary/runtime/aws';

const endpoints = stackEndpointsFromEnv();
const s3 = createS3Client(endpoints.s3);

// Only HTTP, Kafka and S3 connect the pieces: each service runs as its built process.
describe('end to end: replay GitHub → github-events → Kafka → bronze-sink → Parquet in MinIO', () => {
  it('lands exactly the matched events, once each, with their keywords, readable by DuckDB', async () => {
    const ns = `e2e-${randomUUID().slice(0, 8)}`;
    const topic = `${ns}.github.events.matched`;
    const bucket = `${ns}-bronze`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const replay = await new ReplayServer({
      port: 0,
      seed: 2026,
      eventsPerSecond: 0,
      initialEvents: 300,
      pollIntervalS: 1,
      rateLimit: 5_000,
      rateLimitWindowS: 3_600,
      archive: { eventsPerHour: 100, badLinesPerHour: 0 },
    }).listen();
    const producer = appProcess('github-events', 'apps/github-events/dist/main.js', {
      GITHUB_API_URL: replay.url,
      OUTPUT_TOPIC: topic,
    });
    const sink = appProcess(
      'bronze-sink',
      'apps/bronze-sink/dist/main.js',
      {
        SINK_TOPICS: topic,
        SINK_GROUP_ID: `${ns}-sink`,
        TRIBUTARY_S3_BUCKET: bucket,
        SINK_MAX_FILE_AGE_S: '2',
      },
      SINK_LAUNCH,
    );
    try {
      producer.start();
      await producer.ready();
      sink.start();
      await sink.ready();
      // The first poll must have read the whole initial window (its pages too), not just page 1.
      await producer.metricReaches(
        'tributary_github_events_seen_total',
        replay.timeline.count(),
        30_000,
      );
      for (let round = 0; round < 4; round++) {
        replay.timeline.advance(75);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      const published = await waitForStable(() =>
        producer.metric('tributary_github_events_published_total'),
      );
      expect(published).toBeGreaterThan(50);
      // Every timeline event was seen once (no gap), and what was published is what matched.
      expect(await producer.metric('tributary_github_events_seen_total')).toBe(
        replay.timeline.count(),
      );
      expect(await producer.metric('tributary_github_gaps_total')).toBe(0);
      expect(await producer.metric('tributary_github_events_matched_total')).toBe(published);

      const count = async () =>
        Number(
          (await queryBronze(s3, bucket, topic, 'SELECT count(*) AS n FROM $data'))[0]?.n ?? 0,
        );
      await waitUntil(
        'every published event is in bronze',
        async () => (await count()) >= published,
        {
          timeoutMs: 90_000,
          intervalMs: 2_000,
        },
      );

      const [summary] = await queryBronze(
        s3,
        bucket,
        topic,
        `SELECT count(*) AS n, count(DISTINCT event_id) AS ids,
                count(DISTINCT (_kafka_partition, _kafka_offset)) AS offsets,
                min(len(keywords)) AS min_keywords, count(DISTINCT dt) AS days
           FROM $data`,
      );
      expect(Number(summary?.n)).toBe(published);
      expect(Number(summary?.ids)).toBe(published);
      expect(Number(summary?.offsets)).toBe(published);
      expect(Number(summary?.min_keywords)).toBeGreaterThanOrEqual(1);

      // Exactly the events the producer's filter matched: compare with the timeline's own events.
      const landed = await queryBronze(
        s3,
        bucket,
        topic,
        'SELECT event_id, repo_name, keywords FROM $data',
      );
      const timelineIds = new Set(
        Array.from(
          { length: replay.timeline.count() },
          (_, index) => replay.timeline.event(index).id,
        ),
      );
      for (const row of landed) expect(timelineIds.has(String(row.event_id))).toBe(true);
      const sample = landed.find((row) => String(row.repo_name).includes('kubernetes'));
      expect(sample?.keywords).toEqual(expect.arrayContaining(['kubernetes']));

      // Every metric both apps export, with the series this run made, passes Prometheus's linter.
      expect(promtoolProblems(await producer.metricsPage())).toEqual([]);
      expect(promtoolProblems(await sink.metricsPage())).toEqual([]);

      expect(await producer.stop('SIGTERM')).toBe(0);
      expect(await sink.stop('SIGTERM')).toBe(0);
    } finally {
      await producer.stop('SIGKILL');
      await sink.stop('SIGKILL');
      await replay.close();
    }
  });
});

/** Polls `read` until it returns the same value twice 3 s apart. */
async function waitForStable(read: () => Promise<number>): Promise<number> {
  let previous = -1;
  for (let attempt = 0; attempt < 40; attempt++) {
    const value = await read();
    if (value === previous && value > 0) return value;
    previous = value;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  throw new Error(`value still changing after 120 s (last ${previous})`);
}
