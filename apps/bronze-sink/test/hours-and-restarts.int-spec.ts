import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { BRONZE_FILES_TOPIC, BronzeFileEvent, sampleKeywordMatch } from '@tributary/schemas';
import {
  allLanded,
  createBucket,
  createTopics,
  kafka,
  listKeys,
  produce,
  queryBronze,
} from './helpers';
import { SinkProcess } from './sink-process';

const DAY_MS = 86_400_000;
const yesterday = Math.floor((Date.now() - DAY_MS) / DAY_MS) * DAY_MS;
const HOUR_10 = yesterday + 10 * 3_600_000;
const HOUR_11 = yesterday + 11 * 3_600_000;

function events(from: number, count: number, partition: number): Message[] {
  return Array.from({ length: count }, (_, n) => ({
    partition,
    value: JSON.stringify(
      sampleKeywordMatch(from + n, (n % 2 === 0 ? HOUR_10 : HOUR_11) + n * 100),
    ),
  }));
}

async function readFileEvents(
  topic: string,
  until: (events: BronzeFileEvent[]) => boolean,
): Promise<BronzeFileEvent[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: BronzeFileEvent[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: BRONZE_FILES_TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const event = BronzeFileEvent.parse(JSON.parse(message.value?.toString() ?? '{}'));
      if (event.topic === topic) seen.push(event);
      return Promise.resolve();
    },
  });
  try {
    await waitUntil('bronze.files events', () => Promise.resolve(until(seen)), {
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe('bronze sink: completed hours and scheduled restarts', () => {
  const ns = `it-${randomUUID().slice(0, 8)}`;
  const topic = `${ns}.github.events.matched`;
  const bucket = `${ns}-bronze`;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 3);
  });

  it('writes _SUCCESS once every partition (an empty one too) has passed an hour, and announces every file', async () => {
    await produce(topic, [...events(0, 3_000, 0), ...events(3_000, 3_000, 1)]);
    const sink = new SinkProcess({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '1000',
      SINK_HOUR_GRACE_S: '0',
      // The JavaScript decoder, selected explicitly: the other tests of this topic run the native one.
      SINK_DECODER: 'js',
      // Restart the consumer every 3 s: landing must stay exactly once across restarts.
      SINK_RESTART_CRON: '*/3 * * * * *',
    });
    sink.start();
    await sink.ready();
    const dt = new Date(HOUR_10).toISOString().slice(0, 10);
    await waitUntil(
      '_SUCCESS in both hours',
      async () =>
        (await listKeys(bucket, `${topic}/dt=${dt}/`)).filter((key) => key.endsWith('/_SUCCESS'))
          .length === 2,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await produce(topic, events(6_000, 2_000, 2));
    await waitUntil('all landed', () => allLanded(bucket, '_tributary/checkpoints', [topic]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await waitUntil(
      'two scheduled restarts',
      async () => (await sink.metric('tributary_sink_consumer_restarts_total')) >= 2,
      {
        timeoutMs: 30_000,
      },
    );
    expect(await sink.stop('SIGTERM')).toBe(0);

    const files = (await listKeys(bucket, `${topic}/`)).filter((key) => key.endsWith('.parquet'));
    const announced = await readFileEvents(
      topic,
      (seen) => seen.filter((event) => event.kind === 'file').length >= files.length,
    );
    const fileEvents = announced.filter((event) => event.kind === 'file');
    expect(new Set(fileEvents.map((event) => event.uri))).toEqual(
      new Set(files.map((key) => `s3://${bucket}/${key}`)),
    );
    expect(fileEvents.reduce((sum, event) => sum + event.records, 0)).toBe(8_000);
    const hourEvents = announced.filter((event) => event.kind === 'hour_complete');
    expect(hourEvents.map((event) => event.hr).sort()).toEqual(['10', '11']);

    const [summary] = await queryBronze(
      bucket,
      topic,
      'SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d FROM $data',
    );
    expect(summary).toEqual({ n: 8_000n, d: 8_000n });
  }, 300_000);
});
