import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { TributaryError, type Logger } from '@tributary/runtime';

export interface ReadRecord {
  partition: number;
  key: string;
  value: Buffer | null;
  offset: string;
}

/** Each partition's end (high watermark) now; read after fencing, it covers every committed write. */
export async function endOffsets(
  admin: Admin,
  topic: string,
  partitions: readonly number[],
): Promise<Map<number, { low: bigint; high: bigint }>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const ends = new Map<number, { low: bigint; high: bigint }>();
  for (const entry of offsets) {
    if (partitions.includes(entry.partition)) {
      ends.set(entry.partition, { low: BigInt(entry.low), high: BigInt(entry.high) });
    }
  }
  return ends;
}

/**
 * Reads `partitions` of `topic` from their start up to the given ends (committed records only),
 * calling `onRecord` for each, with a consumer of its own (a fresh group, no offsets kept). Control
 * records and aborted transactions count towards the end but are never delivered.
 */
export async function readPartitions(
  kafka: Kafka,
  topic: string,
  ends: ReadonlyMap<number, { low: bigint; high: bigint }>,
  onRecord: (record: ReadRecord) => void,
  options: { groupPrefix: string; timeoutMs: number; logger: Logger },
): Promise<void> {
  const pending = new Set([...ends].filter(([, end]) => end.high > end.low).map(([p]) => p));
  if (pending.size === 0) return;
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}-reader-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 250,
    sessionTimeout: 10_000,
    // A record batch larger than this stalls kafkajs; producers keep sends under 512 KiB.
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxBytes: 64 * 1024 * 1024,
  });
  let settle!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  const timer = setTimeout(
    () =>
      settle(
        new TributaryError(
          'JOBS_STATE_UNREADABLE',
          `partitions ${[...pending].join(', ')} of ${topic} not read within ${options.timeoutMs} ms`,
        ),
      ),
    options.timeoutMs,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    // The only member gets every partition: fetch only the wanted ones.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = payload.memberAssignment[topic] ?? [];
      const unwanted = assigned.filter((partition) => !pending.has(partition));
      if (unwanted.length > 0) consumer.pause([{ topic, partitions: unwanted }]);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const partition = batch.partition;
        const end = ends.get(partition);
        if (!end || !pending.has(partition)) {
          consumer.pause([{ topic, partitions: [partition] }]);
          return;
        }
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end.high) break;
          onRecord({
            partition,
            key: message.key?.toString() ?? '',
            value: message.value,
            offset: message.offset,
          });
        }
        if (BigInt(batch.lastOffset()) >= end.high - 1n) {
          pending.delete(partition);
          consumer.pause([{ topic, partitions: [partition] }]);
          if (pending.size === 0) settle();
        }
        await Promise.resolve();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer
      .disconnect()
      .catch((error: unknown) =>
        options.logger.warn({ err: error, topic }, 'state reader did not disconnect cleanly'),
      );
  }
}
