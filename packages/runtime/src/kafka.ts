import { Kafka, logLevel, Partitioners, type Admin, type ProducerConfig } from 'kafkajs';
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
