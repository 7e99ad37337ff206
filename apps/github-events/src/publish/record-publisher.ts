import type { OutgoingRecord } from './outgoing-record';

/** One publishing target (Kafka topic, Kinesis stream). */
export interface RecordPublisher {
  readonly target: 'kafka' | 'kinesis';
  /** Largest batch the target accepts in one call. */
  readonly maxBatchRecords: number;
  connect(): Promise<void>;
  /**
   * Publishes every record or throws. A `PartialPublishError` names the records still unpublished,
   * so a retry resends only those.
   */
  publish(records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export class PartialPublishError extends Error {
  constructor(
    message: string,
    readonly unpublished: OutgoingRecord[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PartialPublishError';
  }
}
