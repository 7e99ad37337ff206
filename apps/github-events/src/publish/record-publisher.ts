import { TributaryError } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';

/** One publishing target (Kafka topic, Kinesis stream). */
export interface RecordPublisher {
  readonly target: 'kafka' | 'kinesis';
  /** Largest batch the target accepts in one call. */
  readonly maxBatchRecords: number;
  /**
   * Why the target can never accept `record` (it is over a hard limit), or undefined. Checked
   * before a record is queued, so one record can never block a queue.
   */
  refusal(record: OutgoingRecord): string | undefined;
  connect(): Promise<void>;
  /**
   * Publishes every record or throws. A `PartialPublishError` names the records still unpublished,
   * so a retry resends only those; a `RecordsRejectedError` names records the target refused for
   * what they are (nothing was sent).
   */
  publish(records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Some records were published, the others were not: retrying the others can succeed. */
export class PartialPublishError extends TributaryError {
  constructor(
    message: string,
    readonly unpublished: OutgoingRecord[],
    options: { cause?: unknown } = {},
  ) {
    super('PUBLISH_PARTIAL', message, { retriable: true, ...options });
    this.name = 'PartialPublishError';
  }
}

/**
 * The target refuses these records because of what they are (e.g. over its size limit): retrying
 * cannot help, they are dead-lettered and the rest of the batch is sent again at once.
 */
export class RecordsRejectedError extends TributaryError {
  constructor(
    message: string,
    readonly rejected: { record: OutgoingRecord; reason: string }[],
  ) {
    super('RECORD_REJECTED', message, { retriable: false });
    this.name = 'RecordsRejectedError';
  }
}
