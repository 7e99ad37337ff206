import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TributaryError } from '@tributary/runtime';
import { ENVELOPE_HEADERS } from '@tributary/schemas';

/**
 * The envelope source ids (GitHub event ids) of the last `limit` messages of `topic`, read at start
 * so a restarted producer does not publish again what its previous run already published. Uses a
 * throwaway consumer group that commits nothing.
 */
export async function readRecentSourceIds(
  kafka: Kafka,
  topic: string,
  limit: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets: { partition: number; low: string; high: string }[];
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) return [];
    offsets = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const perPartition = BigInt(Math.ceil(limit / Math.max(1, offsets.length)));
  const ranges = offsets
    .map(({ partition, low, high }) => {
      const end = BigInt(high);
      const start = end - perPartition > BigInt(low) ? end - perPartition : BigInt(low);
      return { partition, start, end };
    })
    .filter((range) => range.end > range.start);
  if (ranges.length === 0) return [];

  const ids: string[] = [];
  const pending = new Set(ranges.map((range) => range.partition));
  const consumer = kafka.consumer({ groupId: `github-events-dedupe-${randomUUID()}` });
  // A broker that has just started may still be electing leaders: the consumer crashes (and a seek
  // after that throws). Either fails this attempt as retriable, so the caller reads the tail again.
  const notReady = (error: unknown) =>
    new TributaryError(
      'KAFKA_TAIL_UNREADABLE',
      `reading the tail of ${topic} failed: ${error instanceof Error ? error.message : String(error)}`,
      { retriable: true, cause: error },
    );
  const crashed = new Promise<never>((_, reject) =>
    consumer.on(consumer.events.CRASH, (event) => reject(notReady(event.payload.error))),
  );
  crashed.catch(() => undefined);
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = ranges.find((candidate) => candidate.partition === batch.partition);
        if (!range || !pending.has(batch.partition)) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < range.start) continue;
          if (offset >= range.end) break;
          const id = message.headers?.[ENVELOPE_HEADERS.sourceId];
          if (id !== undefined) ids.push(id.toString());
        }
        if (BigInt(batch.lastOffset()) >= range.end - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) finish();
        }
        await Promise.resolve();
      },
    });
    try {
      for (const range of ranges) {
        consumer.seek({ topic, partition: range.partition, offset: range.start.toString() });
      }
    } catch (error) {
      throw notReady(error);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`reading the tail of ${topic} took over ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([finished, timedOut, crashed]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  return ids;
}
