import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import type { SinkConfig } from '../config/env';
import type { BatchIntake } from '../consumption/batch-intake';
import type { ConsumerHandle } from '../consumption/consumer-handle';
import type { GroupOffsets } from '../consumption/group-offsets';
import type { PartitionRegistry } from '../consumption/partition-registry';
import type { TopicDiscovery } from '../consumption/topic-discovery';
import type { HourCompletion } from '../exactly-once/hour-completion';
import type { SinkMetrics } from '../sink-metrics';
import type { FileWriter } from '../writing/file-writer';

export interface BronzeSinkTaskDependencies {
  config: SinkConfig;
  kafka: Kafka;
  producer: Producer;
  admin: Admin;
  discovery: TopicDiscovery;
  registry: PartitionRegistry;
  intake: BatchIntake;
  writer: FileWriter;
  consumer: ConsumerHandle;
  groupOffsets: GroupOffsets;
  hours: HourCompletion;
  metrics: SinkMetrics;
  logger: Logger;
  now: () => number;
}

/**
 * Kafka → Parquet on S3, exactly once: the consumer's lifecycle. It joins the group, hands the
 * group's assignments to the registry and every batch to the intake, and stops by landing what it
 * consumed (flush, commit, leave the group). The graceful restart (scheduled, or for a source topic
 * that appeared) is a stop and a start of the consumer alone.
 */
export class BronzeSinkTask {
  /** The source topics the consumer subscribed to: those of `config.topics` that existed then. */
  private subscribed: string[] = [];
  private restarting: Promise<void> | undefined;

  constructor(private readonly deps: BronzeSinkTaskDependencies) {}

  /**
   * Connects and starts consuming; the returned promise resolves once connected, `consuming` once the
   * consumer runs (after a crash that waits for the dead member's session to time out).
   */
  async start(): Promise<{ consuming: Promise<void> }> {
    const { producer, admin, hours, config, logger } = this.deps;
    await producer.connect();
    await admin.connect();
    for (const topic of config.topics) {
      await hours
        .recover(topic, this.deps.now())
        .catch((error: unknown) =>
          logger.warn({ err: error, topic }, 'could not look for incomplete hours'),
        );
    }
    const consuming = this.startConsumer();
    consuming.then(
      () => logger.info({ topics: config.topics, groupId: config.groupId }, 'bronze sink started'),
      () => undefined,
    );
    return { consuming };
  }

  /** Graceful stop: stop fetching, land what is buffered, commit, leave the group. */
  async stop(): Promise<void> {
    await this.stopConsumer();
    this.deps.logger.info('bronze sink stopped');
  }

  /** Disconnects the producer and the admin client (after `stop`). */
  async close(): Promise<void> {
    await this.deps.producer.disconnect();
    await this.deps.admin.disconnect();
  }

  /**
   * Flushes and commits everything, then reconnects the consumer (the scheduled restart, or a source
   * topic that appeared). A restart asked for while one runs joins it.
   */
  restartConsumer(reason = 'scheduled'): Promise<void> {
    this.restarting ??= (async () => {
      this.deps.logger.info({ reason }, 'consumer restart');
      await this.stopConsumer();
      await this.startConsumer();
      this.deps.metrics.restarts.inc();
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  /** Restarts the consumer once a configured source topic it could not subscribe to exists. */
  async subscribeToNewTopics(): Promise<void> {
    if (!this.deps.consumer.current || this.restarting) return;
    const appeared = await this.deps.discovery.appeared(this.subscribed);
    if (appeared.length === 0) return;
    void this.restartConsumer(`source topics appeared: ${appeared.join(', ')}`).catch(
      (error: unknown) => this.deps.logger.error({ err: error }, 'restart for new topics failed'),
    );
  }

  private async startConsumer(): Promise<void> {
    const { kafka, config, registry, intake, logger } = this.deps;
    const topics = await this.deps.discovery.ready();
    const consumer = kafka.consumer({
      groupId: config.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      rebalanceTimeout: 60_000,
      heartbeatInterval: Math.min(3_000, Math.floor(config.sessionTimeoutMs / 5)),
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      retry: { retries: 10 },
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) =>
      registry.assign(event.payload.memberAssignment),
    );
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      intake
        .skipEmpty(payload)
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'skipping transaction markers failed'),
        );
    });
    consumer.on(consumer.events.CRASH, (event) => {
      logger.error(
        { err: event.payload.error, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: config.startPosition !== 'latest' });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions are independent (each has its own lock), so one can decode while another's file is compressed.
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => intake.handle(payload),
    });
    this.deps.consumer.set(consumer);
    this.subscribed = topics;
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.deps.consumer.current;
    if (!consumer) return;
    consumer.pause(this.subscribed.map((topic) => ({ topic })));
    await this.deps.writer.flushAll('shutdown');
    // Leave the group with its offsets at the checkpoints, whatever commits failed before.
    await this.deps.groupOffsets.converge(this.deps.registry.states());
    await consumer.disconnect();
    this.deps.consumer.set(undefined);
    await this.deps.registry.clear();
  }
}
