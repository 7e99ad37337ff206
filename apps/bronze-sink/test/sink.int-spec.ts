import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { envelopeHeaders, newTraceparent, sampleRecord, TOPIC_REGISTRY } from '@tributary/schemas';
import { allLanded, createBucket, createTopics, listKeys, produce, queryBronze } from './helpers';
import { startSink, type RunningSink } from './sink-harness';

const ns = `it-${randomUUID().slice(0, 8)}`;
const bucket = `${ns}-bronze`;
const HOUR_4 = Date.UTC(2026, 10, 23, 4, 10);
const HOUR_5 = Date.UTC(2026, 10, 23, 5, 20);

function messagesFor(registered: string, count: number): Message[] {
  return Array.from({ length: count }, (_, n) => {
    const record = sampleRecord(registered, n, (n % 2 === 0 ? HOUR_4 : HOUR_5) + (n % 600) * 1000);
    return {
      key: String(n),
      value: JSON.stringify(record),
      headers: envelopeHeaders({
        schema: registered,
        schemaVersion: 1,
        producer: 'sink-test/1',
        ingestedAt: new Date().toISOString(),
        sourceId: String(n),
        traceparent: newTraceparent(),
      }),
    };
  });
}

describe('bronze sink: every registered topic lands exactly once, readable by DuckDB', () => {
  const topics = TOPIC_REGISTRY.map((spec) => ({
    registered: spec.topic,
    topic: `${ns}.${spec.topic}`,
    spec,
  }));
  let running: RunningSink | undefined;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics(
      topics.map((entry) => entry.topic),
      3,
    );
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lands 3 × 3,000 records in Hive folders by event hour with typed values equal to the input', async () => {
    const perTopic = 3_000;
    for (const { registered, topic } of topics)
      await produce(topic, messagesFor(registered, perTopic));
    running = await startSink({
      SINK_TOPICS: topics.map((entry) => entry.topic).join(','),
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '1000',
    });
    await waitUntil(
      'all records landed',
      () =>
        allLanded(
          bucket,
          running!.config.checkpointPrefix,
          topics.map((entry) => entry.topic),
        ),
      {
        timeoutMs: 90_000,
        intervalMs: 500,
      },
    );

    for (const { topic, spec } of topics) {
      const [summary] = await queryBronze(
        bucket,
        topic,
        `SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS distinct_offsets,
                count(DISTINCT _kafka_partition) AS partitions, CAST(min(dt) AS VARCHAR) AS min_dt, list_sort(list_distinct(list(hr))) AS hours
         FROM $data`,
      );
      expect(summary).toEqual({
        n: 3000n,
        distinct_offsets: 3000n,
        partitions: 3n,
        min_dt: '2026-11-23',
        hours: ['04', '05'],
      });

      // Every row's typed columns equal what the registry extracts from its raw JSON.
      const columns = spec.columns
        .filter((column) => column.type === 'string' || column.type === 'boolean')
        .map((column) => column.name);
      const rows = await queryBronze(
        bucket,
        topic,
        `SELECT _raw, hr, ${columns.join(', ')} FROM $data ORDER BY _kafka_partition, _kafka_offset LIMIT 200`,
      );
      for (const row of rows) {
        const record = spec.schema.parse(JSON.parse(String(row._raw)));
        const eventHour = new Date(Date.parse(spec.eventTime(record) ?? ''))
          .toISOString()
          .slice(11, 13);
        expect(row.hr).toBe(eventHour);
        for (const column of spec.columns.filter((c) => columns.includes(c.name))) {
          expect({ [column.name]: row[column.name] }).toEqual({
            [column.name]: column.value(record),
          });
        }
      }
    }

    // Data files, and (once the past hours are complete, which may already be the case) `_SUCCESS`.
    const keys = await listKeys(bucket, `${topics[0]!.topic}/`);
    const misplaced = keys.filter(
      (key) =>
        !/\/dt=2026-11-23\/hr=0[45]\/([^/]+\+\d\+\d{20}-\d{20}\.parquet|_SUCCESS)$/.test(key),
    );
    expect(misplaced).toEqual([]);
    expect(keys.filter((key) => key.endsWith('.parquet')).length).toBeGreaterThan(0);
  });

  it('resumes after a restart without landing anything twice', async () => {
    await running?.stop();
    const { registered, topic } = topics[1]!;
    await produce(topic, messagesFor(registered, 1_500));
    running = await startSink({
      SINK_TOPICS: topics.map((entry) => entry.topic).join(','),
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
    });
    await waitUntil(
      'new records landed',
      () => allLanded(bucket, running!.config.checkpointPrefix, [topic]),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const [summary] = await queryBronze(
      bucket,
      topic,
      'SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM $data',
    );
    expect(summary).toEqual({ n: 4500n, d: 4500n });
  });

  it('lands the source topics that exist while another does not, and that one once it appears', async () => {
    const present = `${ns}-present.jobs.postings`;
    const late = `${ns}-late.jobs.postings`;
    await createTopics([present], 2);
    await produce(present, messagesFor('jobs.postings', 400));
    const sink = await startSink({
      SINK_TOPICS: `${present},${late}`,
      SINK_GROUP_ID: `${ns}-late`,
      TRIBUTARY_S3_BUCKET: bucket,
    });
    try {
      await waitUntil(
        'the existing topic landed',
        () => allLanded(bucket, sink.config.checkpointPrefix, [present]),
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      await createTopics([late], 2);
      await produce(late, messagesFor('jobs.postings', 500));
      await waitUntil(
        'the late topic landed',
        () => allLanded(bucket, sink.config.checkpointPrefix, [late]),
        { timeoutMs: 90_000, intervalMs: 500 },
      );
    } finally {
      await sink.stop();
    }
    for (const [topic, n] of [
      [present, 400n],
      [late, 500n],
    ] as const) {
      const [summary] = await queryBronze(
        bucket,
        topic,
        'SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM $data',
      );
      expect(summary).toEqual({ n, d: n });
    }
  }, 180_000);

  it('waits for its only source topic to exist, then lands it', async () => {
    const late = `${ns}-only.jobs.postings`;
    const starting = startSink({
      SINK_TOPICS: late,
      SINK_GROUP_ID: `${ns}-only`,
      TRIBUTARY_S3_BUCKET: bucket,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await createTopics([late], 2);
    await produce(late, messagesFor('jobs.postings', 500));
    const lateSink = await starting;
    try {
      await waitUntil(
        'late topic landed',
        () => allLanded(bucket, lateSink.config.checkpointPrefix, [late]),
        {
          timeoutMs: 60_000,
          intervalMs: 500,
        },
      );
    } finally {
      await lateSink.stop();
    }
    const [summary] = await queryBronze(bucket, late, 'SELECT count(*) AS n FROM $data');
    expect(summary).toEqual({ n: 500n });
  });
});
