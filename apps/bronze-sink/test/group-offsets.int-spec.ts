import { randomUUID } from 'node:crypto';
import { KafkaJSError } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { sampleJobPosting } from '@tributary/schemas';
import { ConsumerHandle } from '../src/consumption/consumer-handle';
import { allLanded, createBucket, createTopics, highWatermarks, kafka, produce } from './helpers';
import { counterValue, startSink, type RunningSink } from './sink-harness';

const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.jobs.postings`;
const bucket = `${ns}-bronze`;
const groupId = `${ns}-group`;

/** The group consumer, except that its first commits fail as they do during a rebalance. */
class RebalancingCommits extends ConsumerHandle {
  failuresLeft = 4;

  override async commit(topic: string, partition: number, offset: bigint): Promise<boolean> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new KafkaJSError('Specified group generation id is not valid', { retriable: false });
    }
    return super.commit(topic, partition, offset);
  }
}

/** Committed group offset minus the end of the partition, per partition (0 = no lag). */
async function groupLag(): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await highWatermarks(topic);
    return (committed?.partitions ?? []).map(
      ({ partition, offset }) => Number(ends.get(`${topic}:${partition}`) ?? 0n) - Number(offset),
    );
  } finally {
    await admin.disconnect();
  }
}

describe('bronze sink: the group offsets converge to the checkpoints', () => {
  let running: RunningSink | undefined;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 3);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('after commits that failed, and with no more data arriving, shows group lag 0 once everything landed', async () => {
    await produce(
      topic,
      Array.from({ length: 900 }, (_, n) => ({
        partition: n % 3,
        value: JSON.stringify(sampleJobPosting(n)),
      })),
    );
    const commits = new RebalancingCommits();
    running = await startSink(
      { SINK_TOPICS: topic, SINK_GROUP_ID: groupId, TRIBUTARY_S3_BUCKET: bucket },
      undefined,
      (builder) => builder.overrideProvider(ConsumerHandle).useValue(commits),
    );
    const { config, registry } = running;
    await waitUntil('all landed', () => allLanded(bucket, config.checkpointPrefix, [topic]), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await waitUntil(
      'group lag 0 on every partition',
      async () => (await groupLag()).every((lag) => lag === 0),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await groupLag()).toEqual([0, 0, 0]);
    // Every scripted failure happened on the way: commits after writes and converging ones failed.
    expect(commits.failuresLeft).toBe(0);
    expect(await counterValue(registry, 'tributary_sink_offset_commit_failures_total')).toBe(4);
  });
});
