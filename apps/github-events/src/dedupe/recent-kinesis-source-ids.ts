import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { ENVELOPE_HEADERS } from '@tributary/schemas';

/**
 * The source ids (GitHub event ids) of what was put on `stream` during the last `lookbackMs`, read
 * from every shard with AT_TIMESTAMP iterators, so a Kinesis-only producer restarts without
 * republishing. Records carry the envelope inline (`{"envelope": {…}, "record": …}`); anything else
 * is skipped. Returns at most the newest `limit` ids.
 */
export async function readRecentKinesisSourceIds(
  client: KinesisClient,
  stream: string,
  lookbackMs: number,
  limit: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  const ids: string[] = [];
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
            ShardIteratorType: 'AT_TIMESTAMP',
            Timestamp: new Date(Date.now() - lookbackMs),
          }),
        )
      ).ShardIterator;
      while (iterator) {
        if (Date.now() > deadline) {
          throw new Error(
            `reading the last ${lookbackMs} ms of ${stream} took over ${timeoutMs} ms`,
          );
        }
        const records = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
        );
        for (const record of records.Records ?? []) {
          const id = sourceIdOf(record.Data);
          if (id !== undefined) ids.push(id);
        }
        if ((records.Records ?? []).length === 0 || records.MillisBehindLatest === 0) break;
        iterator = records.NextShardIterator;
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return ids.slice(-limit);
}

function sourceIdOf(data: Uint8Array | undefined): string | undefined {
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as {
      envelope?: Record<string, unknown>;
    };
    const id = parsed.envelope?.[ENVELOPE_HEADERS.sourceId];
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
