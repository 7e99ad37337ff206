import { randomUUID } from 'node:crypto';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { stackEndpointsFromEnv, waitUntil } from '@tributary/local-stack';
import { createKinesisClient } from '@tributary/runtime/aws';

const { kinesis: target } = stackEndpointsFromEnv();
const kinesis = createKinesisClient(target);

describe('Kinesis (real kinesis-local)', () => {
  const StreamName = `smoke-${randomUUID()}`;

  beforeAll(async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    await waitUntil(
      'stream becomes ACTIVE',
      async () => {
        const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName }));
        return StreamDescription?.StreamStatus === 'ACTIVE';
      },
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await kinesis.send(new DeleteStreamCommand({ StreamName }));
    kinesis.destroy();
  });

  it('returns from both shards exactly the 500 records one PutRecords call wrote', async () => {
    const records = Array.from({ length: 500 }, (_, n) => ({
      PartitionKey: `repo-${n % 37}`,
      Data: Buffer.from(JSON.stringify({ n })),
    }));
    const put = await kinesis.send(new PutRecordsCommand({ StreamName, Records: records }));
    expect(put.FailedRecordCount).toBe(0);
    expect(put.Records).toHaveLength(500);

    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName }));
    const shards = StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(2);

    const received: number[] = [];
    const perShard: number[] = [];
    for (const shard of shards) {
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      let iterator = ShardIterator;
      let fromShard = 0;
      for (let reads = 0; iterator && reads < 20; reads++) {
        const page = await kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 200 }),
        );
        for (const record of page.Records ?? []) {
          received.push(
            (JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString()) as { n: number })
              .n,
          );
          fromShard++;
        }
        if ((page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) break;
        iterator = page.NextShardIterator;
      }
      perShard.push(fromShard);
    }
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    expect(perShard.every((count) => count > 0)).toBe(true);
  });
});
