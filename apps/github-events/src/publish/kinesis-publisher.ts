import { setTimeout as sleep } from 'node:timers/promises';
import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { backoffDelay, TributaryError } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';
import { PartialPublishError, type RecordPublisher } from './record-publisher';

const MiB = 1024 * 1024;
/** Kinesis limits: PutRecords takes ≤ 500 records and ≤ 5 MiB; one record (data + key) ≤ 1 MiB. */
export const KINESIS_MAX_BATCH_RECORDS = 500;
export const KINESIS_MAX_BATCH_BYTES = 5 * MiB;
export const KINESIS_MAX_RECORD_BYTES = 1 * MiB;

/**
 * Kinesis has no message headers, so each record's data is `{"envelope": {…}, "record": {…}}`: the
 * same envelope fields the Kafka headers carry, then the record itself.
 */
export function kinesisData(record: OutgoingRecord): Buffer {
  const envelope = JSON.stringify(record.headers);
  return Buffer.concat([
    Buffer.from(`{"envelope":${envelope},"record":`),
    record.value,
    Buffer.from('}'),
  ]);
}

function entrySize(entry: PutRecordsRequestEntry): number {
  return (entry.Data?.byteLength ?? 0) + Buffer.byteLength(entry.PartitionKey ?? '');
}

/** Splits entries into PutRecords calls within the record-count and byte limits. */
export function kinesisBatches<T extends { entry: PutRecordsRequestEntry }>(items: T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = entrySize(item.entry);
    if (current.length === KINESIS_MAX_BATCH_RECORDS || bytes + size > KINESIS_MAX_BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface KinesisPublisherOptions {
  /** Resends of failed entries inside one publish call before giving up to the caller's retry. */
  attempts?: number;
  backoff?: { initialMs: number; maxMs: number; factor: number };
  onEntriesFailed?: (count: number, errorCodes: string[]) => void;
}

/** PutRecords in batches within the limits; only the entries Kinesis failed are sent again. */
export class KinesisPublisher implements RecordPublisher {
  readonly target = 'kinesis';
  readonly maxBatchRecords = KINESIS_MAX_BATCH_RECORDS;

  constructor(
    private readonly client: KinesisClient,
    private readonly stream: string,
    private readonly options: KinesisPublisherOptions = {},
  ) {}

  connect(): Promise<void> {
    // The SDK connects per request; nothing to open.
    return Promise.resolve();
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    const items = records.map((record) => {
      const entry: PutRecordsRequestEntry = { Data: kinesisData(record), PartitionKey: record.key };
      const size = entrySize(entry);
      if (size > KINESIS_MAX_RECORD_BYTES) {
        throw new TributaryError(
          'KINESIS_RECORD_TOO_LARGE',
          `event ${record.sourceId} is ${size} bytes with its partition key; Kinesis accepts at most ${KINESIS_MAX_RECORD_BYTES} bytes per record`,
        );
      }
      return { record, entry };
    });
    const attempts = this.options.attempts ?? 5;
    const backoff = this.options.backoff ?? { initialMs: 100, maxMs: 5_000, factor: 2 };
    let pending = items;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(attempt - 1, backoff));
      const failed: typeof items = [];
      const codes: string[] = [];
      for (const batch of kinesisBatches(pending)) {
        try {
          const response = await this.client.send(
            new PutRecordsCommand({
              StreamName: this.stream,
              Records: batch.map((item) => item.entry),
            }),
          );
          if (!response.FailedRecordCount) continue;
          response.Records?.forEach((result, index) => {
            if (result.ErrorCode) {
              failed.push(batch[index] as (typeof items)[number]);
              codes.push(result.ErrorCode);
            }
          });
        } catch (error) {
          if (attempt + 1 >= attempts) {
            throw new PartialPublishError(
              `PutRecords to ${this.stream} failed: ${(error as Error).message}`,
              [
                ...failed,
                ...pending.slice(pending.indexOf(batch[0] as (typeof items)[number])),
              ].map((item) => item.record),
              { cause: error },
            );
          }
          failed.push(...batch);
          codes.push((error as Error).name);
        }
      }
      if (failed.length > 0) this.options.onEntriesFailed?.(failed.length, codes);
      pending = failed;
      if (pending.length > 0 && attempt + 1 >= attempts) {
        throw new PartialPublishError(
          `${pending.length} of ${records.length} records still failed after ${attempts} PutRecords attempts (${[...new Set(codes)].join(', ')})`,
          pending.map((item) => item.record),
        );
      }
    }
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}
