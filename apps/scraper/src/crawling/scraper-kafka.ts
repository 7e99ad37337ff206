import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { ensureTopics, IDEMPOTENT_PRODUCER, untilKafkaSettles } from '@tributary/runtime/kafka';
import { deadLetterTopic } from '@tributary/schemas';
import { frontierTopic, topicName, type ScraperConfig } from '../config/env';
import type { SeenKeys } from '../engine/items/seen-keys';
import { DeadLetterTopic } from '../kafka/dead-letter-topic';
import { KafkaFrontierStore } from '../kafka/kafka-frontier-store';
import { KafkaItemTransport } from '../kafka/kafka-item-transport';
import { recentKeys } from '../kafka/recent-keys';
import type { ScraperMetrics } from '../metrics';

/** Partitions of an output topic the scraper creates: several sink replicas can share it. */
const OUTPUT_PARTITIONS = 6;

/** One output topic: where its items, its dead letters and its dedupe window are. */
export interface OutputTopic {
  name: string;
  transport: KafkaItemTransport;
  deadLetters: DeadLetterTopic;
  seen: SeenKeys;
}

/**
 * The scraper's Kafka side: output and dead-letter topics (created if missing), the frontier store,
 * one idempotent producer for items and one for dead letters, and each output topic's dedupe window
 * rebuilt from its tail.
 */
export class ScraperKafka {
  private constructor(
    readonly store: KafkaFrontierStore,
    readonly outputs: Map<string, OutputTopic>,
    private readonly producers: Producer[],
  ) {}

  static async connect(
    kafka: Kafka,
    config: ScraperConfig,
    registryTopics: readonly string[],
    logger: Logger,
    metrics: ScraperMetrics,
  ): Promise<ScraperKafka> {
    const unique = [...new Set(registryTopics)];
    const names = unique.map((topic) => topicName(config, topic));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await untilKafkaSettles(
        () =>
          ensureTopics(
            admin,
            names.flatMap((name) => [
              { topic: name, numPartitions: OUTPUT_PARTITIONS },
              { topic: deadLetterTopic(name), numPartitions: 1 },
            ]),
          ),
        logger,
      );
      if (created.length > 0) logger.info({ topics: created }, 'created missing topics');
    } finally {
      await admin.disconnect();
    }
    const store = await KafkaFrontierStore.connect(kafka, frontierTopic(config), logger);
    const items = kafka.producer(IDEMPOTENT_PRODUCER);
    const letters = kafka.producer(IDEMPOTENT_PRODUCER);
    await items.connect();
    await letters.connect();
    const outputs = new Map<string, OutputTopic>();
    for (const topic of unique) {
      const name = topicName(config, topic);
      const deadLetters = new DeadLetterTopic(letters, deadLetterTopic(name));
      outputs.set(topic, {
        name,
        deadLetters,
        transport: new KafkaItemTransport(
          items,
          name,
          deadLetters,
          logger,
          config.kafkaCompression,
          () => metrics.publishRetries.inc(),
        ),
        seen: await recentKeys(kafka, name, config.dedupeWindow, logger),
      });
    }
    return new ScraperKafka(store, outputs, [items, letters]);
  }

  output(registryTopic: string): OutputTopic {
    const output = this.outputs.get(registryTopic);
    if (!output) throw new Error(`no output topic for ${registryTopic}`);
    return output;
  }

  /** Writes what is being written, then rejects what still waits (the shutdown's last step). */
  async close(): Promise<void> {
    for (const output of this.outputs.values()) await output.transport.close();
    await this.store.close();
    for (const producer of this.producers) await producer.disconnect();
  }
}
