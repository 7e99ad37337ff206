import { retry, type RetryOptions } from '@tributary/runtime';
import { isTransientAwsError } from '@tributary/runtime/aws';

/**
 * The sink's S3 calls retried through transient faults (5xx, throttling, connection errors): until
 * `signal` aborts, or 8 times without one.
 */
export function retryS3<T>(
  operation: () => Promise<T>,
  options: { signal?: AbortSignal | undefined; onRetry?: RetryOptions['onRetry'] } = {},
): Promise<T> {
  return retry(operation, {
    retries: options.signal ? Infinity : 8,
    initialMs: 200,
    maxMs: 5_000,
    factor: 2,
    shouldRetry: isTransientAwsError,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}
