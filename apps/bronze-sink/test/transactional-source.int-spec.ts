import { Partitioners } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { sampleJobPosting } from '@tributary/schemas';
import { allLanded, createBucket, createTopics, kafka, queryBronze, uniqueName } from './helpers';
import { startSink, type RunningSink } from './sink-harness';

describe('bronze sink: a topic its producer writes in transactions', () => {
  const ns = uniqueName();
  const topic = `${ns}.jobs.postings`;
  const bucket = `${ns}-bronze`;
  let running: RunningSink | undefined;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 2);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lands the committed records, never the aborted ones, and its checkpoints reach the end past the transaction markers', async () => {
    const producer = kafka.producer({
      transactionalId: `${ns}-producer`,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    let n = 0;
    const write = async (count: number, commit: boolean) => {
      const transaction = await producer.transaction();
      await transaction.send({
        topic,
        messages: Array.from({ length: count }, () => ({
          partition: n % 2,
          value: JSON.stringify(sampleJobPosting(n++)),
        })),
      });
      await (commit ? transaction.commit() : transaction.abort());
    };
    await write(100, true);
    await write(50, false);
    await write(100, true);
    await producer.disconnect();

    running = await startSink({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
    });
    const { config } = running;
    // allLanded compares every checkpoint with the partition's end: the markers must be passed too.
    await waitUntil(
      'checkpoints at the end',
      () => allLanded(bucket, config.checkpointPrefix, [topic]),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    const [summary] = await queryBronze(
      bucket,
      topic,
      'SELECT count(*) AS n, min(CAST(source_id AS BIGINT)) - 1900000 AS first, max(CAST(source_id AS BIGINT)) - 1900000 AS last FROM $data',
    );
    expect(summary).toEqual({ n: 200n, first: 0n, last: 249n });
    const [aborted] = await queryBronze(
      bucket,
      topic,
      'SELECT count(*) AS n FROM $data WHERE CAST(source_id AS BIGINT) - 1900000 BETWEEN 100 AND 149',
    );
    expect(aborted).toEqual({ n: 0n });
  });
});
