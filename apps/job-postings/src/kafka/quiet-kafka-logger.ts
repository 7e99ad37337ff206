import type { Logger } from '@tributary/runtime';

/**
 * The app's logger for the transactional producers' Kafka client: kafkajs begins a transaction the
 * moment the previous one commits and logs, as a warning, the coordinator's CONCURRENT_TRANSACTIONS
 * answer it then retries (after ~50 ms) — expected on every run, so logged at debug instead.
 */
export function quietTransactionLogger(logger: Logger): Logger {
  const warn = logger.warn.bind(logger);
  return new Proxy(logger, {
    get(target, property, receiver) {
      if (property !== 'warn') return Reflect.get(target, property, receiver) as unknown;
      return (details: Record<string, unknown>, message?: string) => {
        const error = typeof details.error === 'string' ? details.error : '';
        const text = `${error} ${message ?? ''}`;
        if (/another concurrent operation on the same transaction/i.test(text)) {
          logger.debug(details, message);
        } else {
          warn(details, message);
        }
      };
    },
  });
}
