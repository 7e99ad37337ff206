import { isUtf8 } from 'node:buffer';
import { describeIssues, hourStart, type TopicSpec } from '@tributary/schemas';
import type { SinkConfig } from '../config/env';

/** Why a record was dead-lettered; also the `reason` label of the metric. */
export type DeadLetterReason =
  | 'null_value'
  | 'too_large'
  | 'invalid_utf8'
  | 'malformed_json'
  | 'schema_invalid'
  | 'missing_time';

/** A record ready for a bronze file: its typed column values and where it came from. */
export interface BronzeRow {
  /** Values of the topic's columns, in the registry's order. */
  values: unknown[];
  /** The record as it came from Kafka (valid UTF-8 JSON). */
  raw: Uint8Array;
  offset: bigint;
  kafkaTimestampMs: number;
  ingestedAtMs: number;
  /** The time that places the row (event time by default), and the start of its UTC hour. */
  timeMs: number;
  hourStartMs: number;
}

export type Decoded =
  { kind: 'row'; row: BronzeRow } | { kind: 'dead'; reason: DeadLetterReason; detail: string };

export interface KafkaRecord {
  value: Buffer | null;
  offset: bigint;
  timestampMs: number;
}

export type DecoderOptions = Pick<SinkConfig, 'maxRecordBytes' | 'timeSource'>;

const dead = (reason: DeadLetterReason, detail: string): Decoded => ({
  kind: 'dead',
  reason,
  detail,
});

/** Turns Kafka messages of one topic into bronze rows, or says exactly why one cannot be landed. */
export class RecordDecoder {
  constructor(
    private readonly spec: TopicSpec,
    private readonly options: DecoderOptions,
  ) {}

  /** `ingestedAtMs`: when the sink received the record (its batch). */
  decode(message: KafkaRecord, ingestedAtMs: number): Decoded {
    const { value } = message;
    if (value === null || value.length === 0)
      return dead('null_value', 'the record has no value (tombstone or empty)');
    if (value.length > this.options.maxRecordBytes) {
      return dead(
        'too_large',
        `${value.length} bytes exceeds SINK_MAX_RECORD_BYTES=${this.options.maxRecordBytes}`,
      );
    }
    if (!isUtf8(value)) return dead('invalid_utf8', 'the value is not valid UTF-8');
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch (error) {
      return dead('malformed_json', error instanceof Error ? error.message : String(error));
    }
    const parsed = this.spec.schema.safeParse(json);
    if (!parsed.success) {
      return dead(
        'schema_invalid',
        `${this.spec.schemaName} v${this.spec.schemaVersion}: ${describeIssues(parsed.error, { limit: 5 })}`,
      );
    }
    const kafkaTimestampMs = message.timestampMs;
    const timeMs = this.rowTime(parsed.data, kafkaTimestampMs, ingestedAtMs);
    if (timeMs === undefined)
      return dead('missing_time', `no valid event time in ${this.spec.schemaName}`);
    return {
      kind: 'row',
      row: {
        values: this.spec.columns.map((column) => column.value(parsed.data)),
        raw: value,
        offset: message.offset,
        kafkaTimestampMs,
        ingestedAtMs,
        timeMs,
        hourStartMs: hourStart(timeMs),
      },
    };
  }

  private rowTime(record: unknown, kafkaTimestampMs: number, nowMs: number): number | undefined {
    if (this.options.timeSource === 'kafka') return kafkaTimestampMs;
    if (this.options.timeSource === 'wallclock') return nowMs;
    const eventTime = this.spec.eventTime(record);
    const ms = eventTime === null ? Number.NaN : Date.parse(eventTime);
    return Number.isFinite(ms) ? ms : undefined;
  }
}
