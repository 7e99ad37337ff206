import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { loadStackConfig, stackDown, stackUp } from '@tributary/local-stack';
import { sampleKeywordMatch } from '@tributary/schemas';
import { createBucket, createTopics, expectExactlyOnce, produce, waitAllLanded } from './helpers';
import { SinkProcess } from './sink-process';

/** These tests stop and start servers of the local stack, so they need it (not external endpoints). */
const stack = loadStackConfig();
const progress = (line: string) =>
  process.stderr.write(`[fault-servers ${new Date().toISOString()}] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function restartServer(name: 'minio' | 'kafka', downForMs: number): Promise<void> {
  await stackDown(stack, progress, [name]);
  await sleep(downForMs);
  await stackUp(stack, progress);
}

// GitHub matches: the topic the native decoder takes (SINK_DECODER's default), so these faults
// run through the native hot path.
function matches(from: number, count: number): Message[] {
  return Array.from({ length: count }, (_, n) => ({
    key: String(from + n),
    value: JSON.stringify(
      sampleKeywordMatch(from + n, Date.UTC(2026, 10, 22, 10) + ((from + n) % 3_600) * 1000),
    ),
  }));
}

describe.each([
  ['MinIO is stopped for 30 s', 'minio', 30_000],
  ['the Kafka broker restarts', 'kafka', 5_000],
] as const)('fault: %s while the sink runs', (_, server, downForMs) => {
  const ns = `it-${randomUUID().slice(0, 8)}`;
  const topic = `${ns}.github.events.matched`;
  const bucket = `${ns}-bronze`;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 3);
  });

  it('ends with exactly the produced records in bronze', async () => {
    const sink = new SinkProcess({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '2000',
      SINK_MAX_FILE_AGE_S: '1',
    });
    await produce(topic, matches(0, 20_000));
    sink.start();
    await sink.ready();
    await sink.consuming(5_000);
    progress(`${server} going down`);
    await restartServer(server, downForMs);
    progress(`${server} is back`);
    await produce(topic, matches(20_000, 10_000));
    try {
      await waitAllLanded(bucket, topic);
    } catch (error) {
      // What the sink did after the fault: the reason, when it does not catch up.
      throw new Error(`${String(error)}\nsink log (last 120 lines):\n${sink.tail(120)}`, {
        cause: error,
      });
    }
    expect(await sink.stop('SIGTERM')).toBe(0);

    await expectExactlyOnce(bucket, topic, 'event_id', 30_000, [sink]);
  }, 400_000);
});
