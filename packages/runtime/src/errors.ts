/**
 * Every error code Tributary throws on purpose, with what it means. An app adds its codes here, so
 * logs, metrics and tests share one vocabulary and a typo does not compile.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'the environment does not describe a valid configuration',
  USAGE: 'a command-line argument is missing or malformed',
  FENCED: 'another sink instance took over the partition (its checkpoint changed)',
  DEAD_LETTERS_UNREADABLE:
    'a new owner could not read the dead-letter topic to learn what was already sent',
  TOPICS_MISSING: 'no configured source topic exists yet',
  KAFKA_TAIL_UNREADABLE: 'the tail of a topic could not be read to rebuild a dedupe window',
  KINESIS_STREAM_UNAVAILABLE: 'the Kinesis stream cannot be described',
  KINESIS_RECORD_TOO_LARGE: 'a record with its envelope and key exceeds the Kinesis 1 MiB limit',
  PUBLISH_PARTIAL: 'a publish call left some records unpublished',
  RECORD_REJECTED: 'a target refused records for what they are (retrying cannot help)',
  CHECKPOINT_MISMATCH: "a backfill checkpoint belongs to another range than the command's",
  ARCHIVE_HTTP: 'GH Archive answered an unexpected HTTP status',
  ARCHIVE_UNAVAILABLE: 'GH Archive kept failing after every retry',
  UPSTREAM_5XX: 'an upstream API answered 5xx',
  TIMEOUT: 'an operation did not finish in time',
  BAD_RECORD: 'a record cannot be published or landed',
  PAGE_FETCH_FAILED: 'a page could not be fetched (network error, timeout, retriable status)',
  PAGE_TOO_LARGE: 'a page body is larger than the configured limit',
  PAGE_PARSE_FAILED: 'a page does not have the shape its spider expects (layout drift)',
  FRONTIER_UNREADABLE: 'the durable crawl frontier could not be read back from its topic',
  JOBS_SOURCES_INVALID: 'the job-postings sources config file is missing or invalid',
  JOBS_UNKNOWN_SOURCE: 'no enabled job source of that name is configured',
  JOBS_STATE_FENCED:
    "another job-postings instance took over a source's state partition (its transactional id was fenced)",
  JOBS_STATE_UNREADABLE:
    'the job-postings state topic could not be read back to rebuild a partition',
  JOBS_STATE_TOPIC_MISMATCH:
    'the job-postings state topic exists with settings the sources config cannot use',
  JOBS_SOURCE_OWNED:
    'a one-off collection was refused: a running job-postings instance owns the source',
  JOBS_PUBLISH_FAILED: "a page's changes could not be committed to Kafka after retries",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The one error type Tributary code throws on purpose. `retriable` tells retry loops whether trying
 * again can help (a timeout, a 503) or cannot (a bad config value, a malformed record).
 */
export class TributaryError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TributaryError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Thrown when the environment does not describe a valid configuration. Never retriable. */
export class ConfigError extends TributaryError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** True when the error (or what it wraps) says trying again may succeed. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof TributaryError) return error.retriable;
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return error.retriable === true;
  }
  return false;
}

/** One line for an operator: `CODE: message` for our errors, the stack for anything else. */
export function describeError(error: unknown): string {
  if (error instanceof TributaryError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
