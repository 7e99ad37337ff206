import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { sampleKeywordMatch } from '@tributary/schemas';
import { createBucket, createTopics, expectExactlyOnce, produce, waitAllLanded } from './helpers';
import { SinkProcess } from './sink-process';

const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.github.events.matched`;
const bucket = `${ns}-bronze`;
const RECORDS = Number(process.env.FAULT_RECORDS ?? 100_000);
const KILLS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line: string) =>
  process.stderr.write(`[fault-kill ${new Date().toISOString()}] ${line}\n`);

describe('fault: kill -9 of the sink at random points', () => {
  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 4);
  });

  it(`lands exactly the ${RECORDS} produced records after ${KILLS} hard kills`, async () => {
    const messages: Message[] = Array.from({ length: RECORDS }, (_, n) => ({
      key: String(n % 997),
      value: JSON.stringify(sampleKeywordMatch(n, Date.UTC(2026, 10, 23, 4) + (n % 7_200) * 1000)),
    }));
    // Produced over ~25 s, so that every one of the kills below lands while records still stream in.
    const producing = (async () => {
      for (let start = 0; start < RECORDS; start += RECORDS / 25) {
        await produce(topic, messages.slice(start, start + RECORDS / 25), 5_000);
        await sleep(1_000);
      }
    })();
    const sink = new SinkProcess({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '4000',
      SINK_MAX_FILE_AGE_S: '1',
      // Kafka's minimum: a killed member's partitions are reassigned sooner.
      SINK_SESSION_TIMEOUT_S: '6',
    });
    const kills: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      sink.start();
      await sink.ready();
      await sink.consuming(1);
      const consumedBefore = await sink.metric('tributary_sink_records_in_total');
      const after = Math.floor(Math.random() * 2_000);
      await sleep(after);
      kills.push(after);
      await sink.stop('SIGKILL');
      progress(
        `kill ${kill + 1}/${KILLS}: ${after} ms after it began consuming (${consumedBefore}+ records in)`,
      );
    }
    await producing;
    progress('all produced');
    sink.start();
    await sink.ready();
    await waitAllLanded(bucket, topic);
    expect(await sink.stop('SIGTERM')).toBe(0);

    expect(kills).toHaveLength(KILLS);
    await expectExactlyOnce(bucket, topic, 'event_id', RECORDS, [sink]);
  }, 600_000);
});
