import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { ensureTopics, IDEMPOTENT_PRODUCER, untilKafkaSettles } from '@tributary/runtime/kafka';
import { deadLetterTopic } from '@tributary/schemas';
import { readRecentSourceIds } from '../dedupe/recent-source-ids';
import { KafkaPublisher } from './kafka-publisher';

/** Partitions of the output topic when github-events creates it: several sink replicas can share it. */
const OUTPUT_PARTITIONS = 6;

/** The Kafka side of github-events: its topics, the publisher, the dead-letter producer. */
export class KafkaTarget {
  private constructor(
    readonly publisher: KafkaPublisher,
    readonly deadLetterProducer: Producer,
    private readonly admin: Admin,
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  /** Creates the topics if missing (waiting out a broker that is still starting) and connects. */
  static async connect(kafka: Kafka, topic: string, logger: Logger): Promise<KafkaTarget> {
    const admin = kafka.admin();
    await admin.connect();
    const created = await untilKafkaSettles(
      () =>
        ensureTopics(admin, [
          { topic, numPartitions: OUTPUT_PARTITIONS },
          { topic: deadLetterTopic(topic), numPartitions: 1 },
        ]),
      logger,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
    const deadLetterProducer = kafka.producer(IDEMPOTENT_PRODUCER);
    await deadLetterProducer.connect();
    const publisher = new KafkaPublisher(kafka, topic);
    await publisher.connect();
    return new KafkaTarget(publisher, deadLetterProducer, admin, kafka, topic);
  }

  /** The source ids of the topic's last `limit` messages: what an earlier run already published. */
  recentSourceIds(limit: number, logger: Logger): Promise<string[]> {
    return untilKafkaSettles(() => readRecentSourceIds(this.kafka, this.topic, limit), logger);
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.deadLetterProducer.disconnect();
    await this.admin.disconnect();
  }
}
