import { Kafka, logLevel } from 'kafkajs';
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
