import type { Admin, Kafka, Producer } from 'kafkajs';
import { retry, type Logger } from '@tributary/runtime';
import {
  currentRanges,
  IDEMPOTENT_PRODUCER,
  readRanges,
  untilKafkaSettles,
} from '@tributary/runtime/kafka';
import {
  FrontierSnapshot,
  type FrontierRecord,
  type FrontierStore,
} from '../engine/frontier/entries';
import { GroupCommit } from '../engine/support/group-commit';

/**
 * Compaction keeps the latest record per key; segments roll hourly so old ones become cleanable;
 * tombstones of a finished crawl stay a day, far longer than a start takes to read the topic.
 */
export const FRONTIER_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'compact' },
  { name: 'segment.ms', value: String(3_600_000) },
  { name: 'min.cleanable.dirty.ratio', value: '0.1' },
  { name: 'delete.retention.ms', value: String(86_400_000) },
];

/**
 * The durable frontier in a compacted, single-partition Kafka topic (decision 0030): every state
 * change is one keyed record, appended by an idempotent producer with group commit (one write in
 * flight, what arrives meanwhile goes in the next), acknowledged by all in-sync replicas before the
 * crawl acts on it. One partition keeps every record in the order it was written; a start reads the
 * topic back from the beginning. Nothing touches local disk.
 */
export class KafkaFrontierStore implements FrontierStore {
  private readonly producer: Producer;
  private readonly writer: GroupCommit<FrontierRecord>;

  private constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {
    this.producer = kafka.producer(IDEMPOTENT_PRODUCER);
    this.writer = new GroupCommit((records) => this.write(records), {
      maxBatch: 2_000,
      retryDelayMs: (attempt) => Math.min(30_000, 200 * 2 ** attempt),
      onRetry: (error, attempt, delayMs) =>
        logger.warn({ err: error, attempt, delayMs, topic }, 'frontier write failed; retrying'),
    });
  }

  static async connect(kafka: Kafka, topic: string, logger: Logger): Promise<KafkaFrontierStore> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await untilKafkaSettles(() => ensureFrontierTopic(admin, topic, logger), logger);
    } finally {
      await admin.disconnect();
    }
    const store = new KafkaFrontierStore(kafka, topic, logger);
    await store.producer.connect();
    return store;
  }

  async load(): Promise<FrontierSnapshot> {
    return retry(
      async () => {
        const snapshot = new FrontierSnapshot();
        await readRanges(
          this.kafka,
          this.topic,
          await currentRanges(this.kafka, this.topic),
          (message) => {
            const key = message.key?.toString() ?? '';
            if (message.value === null) {
              snapshot.apply(key, null);
              return;
            }
            let value: unknown;
            try {
              value = JSON.parse(message.value.toString()) as unknown;
            } catch {
              snapshot.invalid += 1;
              return;
            }
            snapshot.apply(key, value);
          },
          {
            groupPrefix: 'scraper-frontier',
            errorCode: 'FRONTIER_UNREADABLE',
            timeoutMs: 120_000,
            maxBytes: 16 * 1024 * 1024,
          },
        );
        return snapshot;
      },
      {
        retries: 10,
        initialMs: 500,
        maxMs: 5_000,
        onRetry: (error, attempt) =>
          this.logger.warn({ err: error, attempt }, 'reading the frontier failed; retrying'),
      },
    );
  }

  append(records: readonly FrontierRecord[]): Promise<void> {
    return this.writer.add(records);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.producer.disconnect();
  }

  private async write(records: FrontierRecord[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: records.map((record) => ({
        key: record.key,
        value: record.value === null ? null : JSON.stringify(record.value),
        partition: 0,
      })),
    });
  }
}

/** Creates the frontier topic if missing; warns when an existing one is not compacted. */
async function ensureFrontierTopic(admin: Admin, topic: string, logger: Logger): Promise<void> {
  const existing = await admin.listTopics();
  if (!existing.includes(topic)) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, configEntries: FRONTIER_TOPIC_CONFIG }],
    });
    logger.info({ topic }, 'created the frontier topic');
    return;
  }
  const offsets = await admin.fetchTopicOffsets(topic);
  if (offsets.length !== 1) {
    logger.warn(
      { topic, partitions: offsets.length },
      'the frontier topic should have one partition; only partition 0 is used',
    );
  }
}
