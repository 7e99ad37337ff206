import { testKafka, uniqueName } from '@tributary/local-stack/testing';
import type { JobPostingV2 } from '@tributary/schemas';

export interface CommittedMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Every committed message of `topic` now. Unlike `readTopic`, it knows that a transactional
 * partition ends with a commit marker, which is never delivered: a partition is read once a batch
 * (markers included) reaches its high watermark.
 */
export async function readCommitted(
  topic: string,
  timeoutMs = 60_000,
): Promise<CommittedMessage[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const pending = new Map(
    offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]),
  );
  const messages: CommittedMessage[] = [];
  if (pending.size === 0) return messages;
  const consumer = kafka.consumer({
    groupId: uniqueName('committed-reader'),
    readUncommitted: false,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const high = pending.get(batch.partition);
      if (high === undefined) return;
      for (const message of batch.messages) {
        if (BigInt(message.offset) >= high) break;
        messages.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [
              name,
              (Array.isArray(value) ? value[0] : value)?.toString() ?? '',
            ]),
          ),
          partition: batch.partition,
          offset: message.offset,
        });
      }
      if (BigInt(batch.lastOffset()) >= high - 1n) {
        pending.delete(batch.partition);
        if (pending.size === 0) done();
      }
      await Promise.resolve();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${topic} not read within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return messages;
}

export async function readChanges(topic: string): Promise<JobPostingV2[]> {
  return (await readCommitted(topic)).map(
    (message) => JSON.parse(message.value ?? 'null') as JobPostingV2,
  );
}

/** `posting_id#revision` of every change, with how often each occurs. */
export function changeCounts(changes: readonly JobPostingV2[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const key = `${change.posting_id}#${change.revision}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function duplicatesOf(changes: readonly JobPostingV2[]): string[] {
  return [...changeCounts(changes)].filter(([, count]) => count > 1).map(([key]) => key);
}
