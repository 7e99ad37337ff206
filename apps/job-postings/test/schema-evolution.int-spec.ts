import { waitUntil } from '@tributary/local-stack';
import { createTopics, produce, uniqueName } from '@tributary/local-stack/testing';
import {
  envelopeHeaders,
  JOBS_POSTINGS,
  newTraceparent,
  sampleJobPosting,
  type JobPosting,
  type JobPostingV2,
} from '@tributary/schemas';
import { bronzeSink, createBucket, queryTopic, uploadParquet } from './support/bronze';

const OBSERVED = '2026-03-10T12:00:05.000Z';

function v2(n: number): JobPostingV2 {
  const v1 = sampleJobPosting(n, Date.parse('2026-03-01T09:00:00Z'));
  return {
    ...v1,
    schema_version: 2,
    posting_id: `greenhouse:acme:${4_000_000_000 + n}`,
    source: 'greenhouse',
    tenant: 'acme',
    source_id: String(4_000_000_000 + n),
    change: 'created',
    revision: 1,
    observed_at: OBSERVED,
    company: 'Acme',
    countries: ['DE'],
    workplace: 'hybrid',
    employment_type: 'full-time',
    seniority: 'senior',
    salary: {
      min: 90_000,
      max: 130_000,
      currency: 'EUR',
      period: 'year',
      annual_min: 90_000,
      annual_max: 130_000,
      origin: 'structured',
      text: null,
    },
    updated_at: null,
    first_seen_at: OBSERVED,
    last_seen_at: OBSERVED,
    closed_at: null,
    description_truncated: false,
    keyword_list_version: '2026-12-02.1',
    duplicate_of: null,
    dedupe_key: `acme|senior data engineer ${n}|DE`,
    content_hash: `hash-${n}`,
    parse_notes: [],
  };
}

const message = (record: JobPosting, version: number) => ({
  key: JOBS_POSTINGS.key(record),
  value: JSON.stringify(record),
  headers: envelopeHeaders({
    schema: JOBS_POSTINGS.schemaName,
    schemaVersion: version,
    producer: 'schema-evolution-test',
    ingestedAt: new Date().toISOString(),
    sourceId: JOBS_POSTINGS.key(record),
    traceparent: newTraceparent(),
  }),
});

describe('jobs.postings version 1 and version 2 side by side in bronze', () => {
  it('lands both versions through the real sink, and DuckDB reads them with a file of the old layout', async () => {
    const ns = uniqueName('jobs-schema');
    const topic = `${ns}.jobs.postings`;
    const bucket = `${ns}-bronze`;
    await createBucket(bucket);
    await createTopics([topic], 1);
    // A file as a sink of the version-1 era wrote it: only the version-1 columns.
    await uploadParquet(
      bucket,
      `${topic}/dt=2026-02-01/hr=09/${topic}+0+00000000000000000000-00000000000000000000.parquet`,
      `SELECT 'remotive' AS source, '1899999' AS source_id, 'Old Engineer' AS title, 'Old Co' AS company,
              true AS remote, 50000.0 AS salary_min, 60000.0 AS salary_max, 'EUR' AS salary_currency,
              TIMESTAMPTZ '2026-02-01 09:00:00+00' AS published_at, 'https://remotive.com/x' AS url,
              ['kafka'] AS tech_keywords, '{}' AS _raw, '${topic}' AS _kafka_topic, 0::BIGINT AS _kafka_partition,
              0::BIGINT AS _kafka_offset, TIMESTAMPTZ '2026-02-01 09:00:01+00' AS _kafka_timestamp,
              TIMESTAMPTZ '2026-02-01 09:00:02+00' AS _ingested_at`,
    );
    const old = sampleJobPosting(1, Date.parse('2026-03-10T08:00:00Z'));
    const current = v2(2);
    await produce(topic, [message(old, 1), message(current, 2)]);
    const sink = bronzeSink(topic, bucket, `${ns}-sink`);
    try {
      sink.start();
      await sink.ready();
      await waitUntil(
        'both records landed',
        async () =>
          (await queryTopic(bucket, topic, 'SELECT count(*) AS n FROM $data'))[0]?.n === 3n,
        { timeoutMs: 60_000, intervalMs: 1_000, isAlive: () => sink.running },
      );
      const rows = await queryTopic(
        bucket,
        topic,
        `SELECT source, source_id, title, remote, posting_id, change, revision, workplace, countries,
                salary_annual_max, observed_at IS NULL AS no_observed, tech_keywords,
                CAST(dt AS VARCHAR) AS dt, CAST(hr AS VARCHAR) AS hr
           FROM $data ORDER BY source_id`,
      );
      expect(rows).toEqual([
        expect.objectContaining({
          source: 'remotive',
          source_id: '1899999',
          posting_id: null,
          change: null,
          dt: '2026-02-01',
        }),
        expect.objectContaining({
          source: 'remotive',
          source_id: '1900001',
          remote: true,
          posting_id: null,
          revision: null,
          workplace: null,
          countries: null,
          no_observed: true,
          // A version-1 record lands in its publication hour.
          dt: '2026-03-10',
          hr: '08',
        }),
        expect.objectContaining({
          source: 'greenhouse',
          source_id: '4000000002',
          remote: false,
          posting_id: 'greenhouse:acme:4000000002',
          change: 'created',
          revision: 1n,
          workplace: 'hybrid',
          countries: ['DE'],
          salary_annual_max: 130_000,
          // A version-2 change lands in the hour it was observed.
          dt: '2026-03-10',
          hr: '12',
        }),
      ]);
      expect(await sink.metric('tributary_records_dead_lettered_total')).toBe(0);
      expect(await sink.stop('SIGTERM')).toBe(0);
    } finally {
      await sink.stop('SIGKILL');
    }
  }, 120_000);
});
