import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { sampleScrapedShot } from '@tributary/schemas';
import { createBucket, createTopics, expectExactlyOnce, produce, waitAllLanded } from './helpers';
import { SinkProcess } from './sink-process';

const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.scraper.shot-charts`;
const bucket = `${ns}-bronze`;
const progress = (line: string) =>
  process.stderr.write(`[fault-rebalance ${new Date().toISOString()}] ${line}\n`);

function shots(from: number, count: number): Message[] {
  return Array.from({ length: count }, (_, n) => ({
    key: String(from + n),
    value: JSON.stringify(
      sampleScrapedShot(from + n, Date.UTC(2026, 10, 22, 20) + (from + n) * 50),
    ),
  }));
}

describe('fault: three sink instances join and leave one group mid-run', () => {
  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 6);
  });

  it('lands every record exactly once across the rebalances', async () => {
    const env = {
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '1500',
      SINK_MAX_FILE_AGE_S: '1',
      SINK_SESSION_TIMEOUT_S: '6',
    };
    const [a, b, c] = [new SinkProcess(env), new SinkProcess(env), new SinkProcess(env)];
    const producing = (async () => {
      for (let chunk = 0; chunk < 12; chunk++) {
        await produce(topic, shots(chunk * 5_000, 5_000));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();

    a.start();
    await a.ready();
    await a.consuming(2_000);
    progress('a consuming; b and c join');
    b.start();
    c.start();
    await Promise.all([b.ready(), c.ready()]);
    await Promise.all([b.consuming(1), c.consuming(1)]);
    progress('b and c consuming; b leaves gracefully, c is killed');
    expect(await b.stop('SIGTERM')).toBe(0);
    await c.stop('SIGKILL');
    await producing;
    progress('all produced; waiting for a to land the rest');
    await waitAllLanded(bucket, topic);
    expect(await a.stop('SIGTERM')).toBe(0);

    await expectExactlyOnce(bucket, topic, 'game_event_id', 60_000, [a, b, c]);
  }, 400_000);
});
