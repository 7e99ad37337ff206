import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { createKafkaClient, untilKafkaSettles } from '@tributary/runtime/kafka';
import type { JobPostingsConfig } from '../config/env';
import { claimPartition, type OwnedPartition } from '../collect/owned-partition';
import { ensureJobTopics, jobTopics, type JobTopics } from './job-topics';
import { quietTransactionLogger } from './quiet-kafka-logger';

/** job-postings' Kafka: its topics (created when missing), an admin, and partition claims. */
export class JobKafka {
  private constructor(
    readonly kafka: Kafka,
    /** A client of its own for the transactional producers (see quietTransactionLogger). */
    private readonly transactional: Kafka,
    readonly admin: Admin,
    readonly topics: JobTopics,
    private readonly config: JobPostingsConfig,
    private readonly logger: Logger,
  ) {}

  static async connect(kafka: Kafka, config: JobPostingsConfig, logger: Logger): Promise<JobKafka> {
    const topics = jobTopics(config.topic);
    const admin = kafka.admin();
    await admin.connect();
    const highest = Math.max(
      0,
      ...Object.values(config.sources.sources).map((source) => source.statePartition),
    );
    const created = await untilKafkaSettles(
      () =>
        ensureJobTopics(
          admin,
          topics,
          { outputPartitions: config.outputPartitions, statePartitions: config.statePartitions },
          highest,
        ),
      logger,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
    const transactional = createKafkaClient(config.kafka, quietTransactionLogger(logger));
    return new JobKafka(kafka, transactional, admin, topics, config, logger);
  }

  claim(partition: number): Promise<OwnedPartition> {
    return claimPartition(
      this.transactional,
      this.admin,
      this.topics,
      partition,
      { transactionalPrefix: this.config.groupId, readTimeoutMs: this.config.stateReadTimeoutMs },
      this.logger,
    );
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
