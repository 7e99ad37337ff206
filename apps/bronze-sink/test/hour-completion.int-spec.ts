import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { readTopic } from '@tributary/local-stack/testing';
import { BRONZE_FILES_TOPIC, BronzeFileEvent, sampleKeywordMatch } from '@tributary/schemas';
import { allLanded, createBucket, createTopics, produce, s3 } from './helpers';
import { counterValue, startSink, type RunningSink } from './sink-harness';

const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.github.events.matched`;
const bucket = `${ns}-bronze`;
const HOUR = 3_600_000;
const yesterday = Math.floor((Date.now() - 86_400_000) / 86_400_000) * 86_400_000;
/** Two event-time hours of yesterday: 10 and 12 o'clock. */
const H = [yesterday + 10 * HOUR, yesterday + 12 * HOUR];

let serial = 0;
const event = (partition: number, hourStartMs: number): Message => ({
  partition,
  value: JSON.stringify(sampleKeywordMatch(serial++, hourStartMs + ((serial * 7_919) % HOUR))),
});

/** `_SUCCESS` of an hour: its time, or undefined while there is none. */
async function marker(hourStartMs: number): Promise<Date | undefined> {
  const iso = new Date(hourStartMs).toISOString();
  const key = `${topic}/dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}/_SUCCESS`;
  // From a listing, as the files' times are: HEAD's Last-Modified is an HTTP date (whole seconds),
  // which puts a marker written 0.5 s after a file before it.
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
  return listed.Contents?.find((object) => object.Key === key)?.LastModified;
}

async function filesOf(hourStartMs: number): Promise<{ key: string; at: Date }[]> {
  const iso = new Date(hourStartMs).toISOString();
  const listed = await s3.send(
    new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: `${topic}/dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}/`,
    }),
  );
  return (listed.Contents ?? [])
    .filter((object) => object.Key?.endsWith('.parquet'))
    .map((object) => ({ key: object.Key!, at: object.LastModified! }));
}

/** Lets the first Parquet upload of `partition` through, holds the others until released. */
function holdUploadsAfterFirst(partition: number) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  let passed = 0;
  const install = (client: S3Client) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (
          context.commandName === 'PutObjectCommand' &&
          key.endsWith('.parquet') &&
          key.includes(`+${partition}+`) &&
          ++passed > 1
        ) {
          held.push(key);
          await released;
        }
        return next(args);
      },
      { step: 'initialize', name: 'holdPartitionUploads' },
    );
  return { install, held, release: () => release() };
}

describe('bronze sink: hours complete only once every partition has landed them; late rows are announced', () => {
  let running: RunningSink | undefined;
  const hold = holdUploadsAfterFirst(1);

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 2);
  });

  afterAll(async () => {
    hold.release();
    await running?.stop();
  });

  it('holds back a marker while a partition lags with out-of-order data in Kafka, marks the hours once it landed, and announces a row that comes after as late', async () => {
    // Partition 1's log: hour 12 first, then (out of order) hour 10. Its first file (hour 12) commits;
    // the next writes are held, so consumption stops at the byte budget and the hour-10 rows stay in
    // Kafka, unread: the partition lags behind rows of an hour its committed data is past.
    await produce(topic, [
      ...Array.from({ length: 20_000 }, () => event(1, H[1]!)),
      ...Array.from({ length: 300 }, () => event(1, H[0]!)),
    ]);
    running = await startSink(
      {
        SINK_TOPICS: topic,
        SINK_GROUP_ID: `${ns}-group`,
        TRIBUTARY_S3_BUCKET: bucket,
        SINK_BUFFER_BYTES: String(1024 * 1024),
        SINK_BUFFER_COMPRESSION: 'none',
        // Rows may be up to an hour out of order: committed hour-12 rows alone close hour 10.
        SINK_HOUR_GRACE_S: '3600',
        SINK_HOUR_IDLE_S: '4',
        SINK_MAX_FILE_AGE_S: '1',
      },
      hold.install,
    );
    const { config, registry } = running;
    await waitUntil(
      'a second file of partition 1 held',
      () => Promise.resolve(hold.held.length > 0),
      {
        timeoutMs: 30_000,
      },
    );
    // Partition 0 (empty) is idle and promises everything; partition 1 has committed hour-12 rows and
    // still lags. Several rounds of hour completion go by.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(await counterValue(registry, 'tributary_sink_records_in_total')).toBeLessThan(20_000);
    expect(await Promise.all(H.map(marker))).toEqual([undefined, undefined]);

    hold.release();
    await waitUntil('all landed', () => allLanded(bucket, config.checkpointPrefix, [topic]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await waitUntil(
      'both hours marked',
      async () => (await Promise.all(H.map(marker))).every((at) => at !== undefined),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    for (const hour of H) {
      const markedAt = (await marker(hour))!;
      for (const file of await filesOf(hour)) expect(file.at <= markedAt).toBe(true);
    }

    // A row of hour 10 that arrives now is late: landed, counted and announced.
    await produce(topic, [event(0, H[0]!)]);
    await waitUntil(
      'the late row counted',
      async () => (await counterValue(registry, 'tributary_sink_late_records_total')) === 1,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const markedAt = (await marker(H[0]!))!;
    const after = (await filesOf(H[0]!)).filter((file) => file.at > markedAt);
    expect(after).toHaveLength(1);
    const late = (await readTopic(BRONZE_FILES_TOPIC))
      .map((message) => BronzeFileEvent.parse(JSON.parse(message.value)))
      .filter((event) => event.kind === 'late' && event.topic === topic);
    expect(late.map((event) => event.uri)).toEqual([`s3://${bucket}/${after[0]!.key}`]);
  }, 240_000);
});
