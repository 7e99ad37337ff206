import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { ENVELOPE_HEADERS } from '@tributary/schemas';

/**
 * The data of every record on `stream` from `since` (a time, or the oldest kept with `'start'`) up
 * to now, from every shard, in shard order.
 */
export async function readStreamData(
  client: KinesisClient,
  stream: string,
  since: Date | 'start',
  deadline = Date.now() + 60_000,
): Promise<Buffer[]> {
  const data: Buffer[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: stream }),
    );
    for (const shard of page.Shards ?? []) {
      let iterator = (
        await client.send(
          new GetShardIteratorCommand({
            StreamName: stream,
            ShardId: shard.ShardId,
            ...(since === 'start'
              ? { ShardIteratorType: 'TRIM_HORIZON' }
              : { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: since }),
          }),
        )
      ).ShardIterator;
      while (iterator) {
        if (Date.now() > deadline) throw new Error(`reading ${stream} did not finish in time`);
        const records = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
        );
        for (const record of records.Records ?? []) {
          if (record.Data) data.push(Buffer.from(record.Data));
        }
        if ((records.Records ?? []).length === 0 || records.MillisBehindLatest === 0) break;
        iterator = records.NextShardIterator;
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return data;
}

/**
 * The source ids (GitHub event ids) of what was put on `stream` during the last `lookbackMs`, so a
 * Kinesis-only producer restarts without republishing. Records carry the envelope inline
 * (`{"envelope": {…}, "record": …}`); anything else is skipped. At most the newest `limit` ids.
 */
export async function readRecentKinesisSourceIds(
  client: KinesisClient,
  stream: string,
  lookbackMs: number,
  limit: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const data = await readStreamData(
    client,
    stream,
    new Date(Date.now() - lookbackMs),
    Date.now() + timeoutMs,
  );
  const ids: string[] = [];
  for (const entry of data) {
    const id = sourceIdOf(entry);
    if (id !== undefined) ids.push(id);
  }
  return ids.slice(-limit);
}

function sourceIdOf(data: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { envelope?: Record<string, unknown> };
    const id = parsed.envelope?.[ENVELOPE_HEADERS.sourceId];
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
