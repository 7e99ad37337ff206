import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { TributaryError } from '@tributary/runtime';

export type ScanStart = { from: 'beginning' } | { from: 'tail'; perPartition: number };

/**
 * Reads every partition of `topic` from `start` up to its end as it is when the scan begins,
 * calling `onMessage` in offset order per partition. A throwaway consumer group that commits
 * nothing; a broker still electing leaders fails the scan as retriable.
 */
export async function scanTopic(
  kafka: Kafka,
  topic: string,
  start: ScanStart,
  onMessage: (message: KafkaMessage, partition: number) => void,
  timeoutMs = 120_000,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  let offsets: { partition: number; low: string; high: string }[];
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    offsets = await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
  const ranges = offsets
    .map(({ partition, low, high }) => {
      const end = BigInt(high);
      const first = BigInt(low);
      const from =
        start.from === 'tail' && end - BigInt(start.perPartition) > first
          ? end - BigInt(start.perPartition)
          : first;
      return { partition, from, end };
    })
    .filter((range) => range.end > range.from);
  if (ranges.length === 0) return 0;

  const unreadable = (error: unknown) =>
    new TributaryError(
      'FRONTIER_UNREADABLE',
      `reading ${topic} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        retriable: true,
        cause: error,
      },
    );
  let read = 0;
  const pending = new Set(ranges.map((range) => range.partition));
  const consumer = kafka.consumer({
    groupId: `scraper-scan-${randomUUID()}`,
    maxBytes: 16 * 1024 * 1024,
  });
  const crashed = new Promise<never>((_, reject) =>
    consumer.on(consumer.events.CRASH, (event) => reject(unreadable(event.payload.error))),
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
          if (offset < range.from) continue;
          if (offset >= range.end) break;
          onMessage(message, batch.partition);
          read += 1;
        }
        if (BigInt(batch.lastOffset()) >= range.end - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) finish();
        }
        await Promise.resolve();
      },
    });
    try {
      for (const range of ranges)
        consumer.seek({ topic, partition: range.partition, offset: range.from.toString() });
    } catch (error) {
      throw unreadable(error);
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unreadable(new Error(`no end after ${timeoutMs} ms`))),
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
  return read;
}
