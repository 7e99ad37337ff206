import { randomUUID } from 'node:crypto';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type KafkaMessage,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { TributaryError, type ErrorCode } from './errors';
import type { Logger } from 'pino';
import { retry } from './retry';

/** A kafkajs client whose own log lines (warnings and errors) go to the service's JSON logger. */
export function createKafkaClient(
  options: { clientId: string; brokers: string[] },
  logger: Logger,
): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) =>
      logger.warn({ kafka: entry.namespace, ...entry.log }, String(entry.log.message)),
  });
}

/**
 * The producer every Tributary app uses: idempotent (a retried send never duplicates or reorders
 * within a partition; kafkajs guarantees that with one request in flight), no topic auto-creation,
 * and murmur2 on the key as the Java client partitions, so one key always lands in one partition.
 */
export const IDEMPOTENT_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

export interface TopicToCreate {
  topic: string;
  numPartitions?: number;
}

/**
 * Creates the topics that do not exist yet (replication follows the broker default); returns the
 * names it created. Safe when another instance creates the same topic at the same moment.
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly TopicToCreate[],
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter(({ topic }) => !existing.has(topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map(({ topic, numPartitions }) => ({
      topic,
      ...(numPartitions ? { numPartitions } : {}),
    })),
  });
  return missing.map(({ topic }) => topic);
}

/** Readiness: the cluster answers a metadata request now. */
export async function kafkaAnswers(admin: Admin): Promise<boolean> {
  const cluster = await admin.describeCluster();
  return cluster.brokers.length > 0;
}

/**
 * Runs a start-up step again while Kafka answers with retriable errors: a broker that has just
 * started (as `./tributary run` starts one) is still electing partition leaders for a few seconds.
 */
export function untilKafkaSettles<T>(
  step: () => Promise<T>,
  logger: { warn(details: object, message: string): void },
): Promise<T> {
  return retry(step, {
    retries: 10,
    initialMs: 500,
    maxMs: 5_000,
    onRetry: (error, attempt, delayMs) =>
      logger.warn(
        { err: error, attempt, delayMs },
        'Kafka is not ready yet; retrying a start-up step',
      ),
  });
}

/**
 * Connects a transactional producer and takes its transactional id over at once. kafkajs's
 * `connect()` does not: it initialises the transactional id only at the first `transaction()`, so
 * until then an earlier owner is not fenced and can still commit. An empty transaction, aborted at
 * once (no request is sent for it), initialises the id: the coordinator bumps its epoch, which
 * fences every earlier producer with that id and aborts its open transaction before this resolves.
 * Whatever is read after this covers everything an earlier owner will ever commit.
 */
export async function connectFencing(producer: Producer): Promise<void> {
  await producer.connect();
  const transaction = await producer.transaction();
  await transaction.abort();
}

/** Offsets `from` (inclusive) to `end` (exclusive) of one partition. */
export interface PartitionRange {
  partition: number;
  from: bigint;
  end: bigint;
}

/** Each partition of `topic` from its beginning to its end as it is now; none when there is no such topic. */
export async function currentRanges(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.map(({ partition, low, high }) => ({
      partition,
      from: BigInt(low),
      end: BigInt(high),
    }));
  } finally {
    await admin.disconnect();
  }
}

/** The last `total` records of `ranges`, shared evenly between the partitions. */
export function tailRanges(ranges: readonly PartitionRange[], total: number): PartitionRange[] {
  const perPartition = BigInt(Math.ceil(total / Math.max(1, ranges.length)));
  return ranges.map((range) => ({
    ...range,
    from: range.end - perPartition > range.from ? range.end - perPartition : range.from,
  }));
}

export interface ReadRangesOptions {
  /** The throwaway consumer group's name starts with this (it commits nothing). */
  groupPrefix: string;
  /** The error a crash, a failed seek or the timeout becomes (retriable: the caller may read again). */
  errorCode: ErrorCode;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Reads the given offset ranges of `topic`, read committed, calling `onMessage` in offset order per
 * partition, and resolves once every range is read to its end. A partition's last offsets may be
 * transaction markers, which reach no batch handler: completion is judged from kafkajs's end-of-batch
 * event, which carries every fetched batch's last offset, markers included — ignoring batches that
 * fetched nothing (they report the high watermark). Records of a transaction still open are waited
 * for. A broker still electing leaders, or the timeout, fails the read as retriable.
 */
export async function readRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly PartitionRange[],
  onMessage: (message: KafkaMessage, partition: number) => void,
  options: ReadRangesOptions,
): Promise<void> {
  const pending = new Map(
    ranges.filter((range) => range.end > range.from).map((range) => [range.partition, range]),
  );
  if (pending.size === 0) return;
  const failure = (error: unknown) =>
    new TributaryError(
      options.errorCode,
      `reading ${topic} failed: ${error instanceof Error ? error.message : String(error)}`,
      { retriable: true, cause: error },
    );
  const consumer = kafka.consumer({
    groupId: `${options.groupPrefix}-${randomUUID()}`,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const range = pending.get(payload.partition);
    if (!range || payload.firstOffset === null) return;
    if (BigInt(payload.lastOffset) < range.end - 1n) return;
    pending.delete(payload.partition);
    if (pending.size === 0) finish();
  });
  const crashed = new Promise<never>((_, reject) =>
    consumer.on(consumer.events.CRASH, (event) => reject(failure(event.payload.error))),
  );
  crashed.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = pending.get(batch.partition);
        if (!range) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < range.from) continue;
          if (offset >= range.end) break;
          onMessage(message, batch.partition);
        }
        await Promise.resolve();
      },
    });
    try {
      for (const range of pending.values())
        consumer.seek({ topic, partition: range.partition, offset: range.from.toString() });
    } catch (error) {
      throw failure(error);
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(failure(new Error(`not read to the end within ${timeoutMs} ms`))),
        timeoutMs,
      );
    });
    await Promise.race([finished, timedOut, crashed]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
