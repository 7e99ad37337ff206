import {
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { retry } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';
import {
  PartialPublishError,
  RecordsRejectedError,
  type RecordPublisher,
} from './record-publisher';

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

function toEntry(record: OutgoingRecord): PutRecordsRequestEntry {
  return { Data: kinesisData(record), PartitionKey: record.key };
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

type Item = { record: OutgoingRecord; entry: PutRecordsRequestEntry };

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

  refusal(record: OutgoingRecord): string | undefined {
    const size = entrySize(toEntry(record));
    if (size <= KINESIS_MAX_RECORD_BYTES) return undefined;
    return `event ${record.sourceId} is ${size} bytes with its envelope and partition key; Kinesis accepts at most ${KINESIS_MAX_RECORD_BYTES} bytes per record`;
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    const rejected = records.flatMap((record) => {
      const reason = this.refusal(record);
      return reason ? [{ record, reason }] : [];
    });
    if (rejected.length > 0) {
      throw new RecordsRejectedError(rejected.map((entry) => entry.reason).join('; '), rejected);
    }
    let pending: Item[] = records.map((record) => ({ record, entry: toEntry(record) }));
    await retry(
      async () => {
        const { failed, codes } = await this.putRecords(pending);
        pending = failed;
        if (pending.length > 0) {
          throw new PartialPublishError(
            `${pending.length} of ${records.length} records were not accepted by ${this.stream} (${[...new Set(codes)].join(', ')})`,
            pending.map((item) => item.record),
          );
        }
      },
      {
        retries: (this.options.attempts ?? 5) - 1,
        ...(this.options.backoff ?? { initialMs: 100, maxMs: 5_000, factor: 2 }),
      },
    );
  }

  /** One PutRecords call per batch; returns the items that failed (entry by entry or whole calls) and why. */
  private async putRecords(items: Item[]): Promise<{ failed: Item[]; codes: string[] }> {
    const failed: Item[] = [];
    const codes: string[] = [];
    for (const batch of kinesisBatches(items)) {
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
            failed.push(batch[index] as Item);
            codes.push(result.ErrorCode);
          }
        });
      } catch (error) {
        failed.push(...batch);
        codes.push((error as Error).name);
      }
    }
    if (failed.length > 0) this.options.onEntriesFailed?.(failed.length, codes);
    return { failed, codes };
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}
