import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

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
