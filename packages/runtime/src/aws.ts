import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NoSuchKey, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** What a client needs to reach one S3-compatible endpoint (MinIO locally, AWS when unset). */
export interface S3Endpoint {
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export function createS3Client(target: S3Endpoint): S3Client {
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint, forcePathStyle: true } : {}),
    ...(target.accessKeyId && target.secretAccessKey
      ? {
          credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
        }
      : {}),
  });
}

/**
 * kinesis-local answers HTTP/1.1 only on its plain port; the SDK's default HTTP/2 handler fails
 * against it with ERR_HTTP2_ERROR, so a local endpoint gets the HTTP/1.1 handler.
 */
export function createKinesisClient(target: S3Endpoint): KinesisClient {
  return new KinesisClient({
    region: target.region,
    ...(target.endpoint
      ? { endpoint: target.endpoint, requestHandler: new NodeHttpHandler() }
      : {}),
    ...(target.accessKeyId && target.secretAccessKey
      ? {
          credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
        }
      : {}),
  });
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/**
 * True for AWS/S3/Kinesis failures worth retrying: throttling, 5xx, timeouts and connection errors
 * (an S3 endpoint that is down refuses connections). A 4xx such as AccessDenied is not.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = candidate.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  if (candidate.$retryable) return true;
  if (candidate.code && TRANSIENT_NETWORK_CODES.has(candidate.code)) return true;
  return [
    'TimeoutError',
    'RequestTimeout',
    'NetworkingError',
    'SlowDown',
    'ThrottlingException',
  ].includes(candidate.name ?? '');
}

/**
 * A conditional write lost: `If-Match` / `If-None-Match` did not hold (412), or a concurrent
 * conditional write to the same key was in progress (409, as S3 and MinIO answer).
 */
export function isConditionFailed(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 412 ||
      error.$metadata.httpStatusCode === 409 ||
      error.name === 'PreconditionFailed')
  );
}

/** The object (or bucket) does not exist: GetObject's NoSuchKey, HeadObject's bodiless 404. */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof NoSuchKey ||
    error instanceof NotFound ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}
