import type { TopicSpec } from '@tributary/schemas';
import { BronzeTableBuilder } from './bronze-arrow';
import { encodeChunk, type ChunkEncoding } from './chunk-compression';
import type { DeadLetterReason, RecordDecoder } from './record-decoder';

/**
 * A Kafka batch of one topic-partition packed into a few transferable buffers, so a decode thread
 * gets it without a structured clone per message.
 */
export interface PackedBatch {
  /** The non-null values back to back. */
  values: Uint8Array;
  /** `ends[i]`: where message i's value ends in `values` (it starts where message i-1's ends). */
  ends: Int32Array;
  /** 1 where the message has no value (a tombstone). */
  nulls: Uint8Array;
  offsets: BigInt64Array;
  timestampsMs: Float64Array;
  /** When the sink received the batch: `_ingested_at`, and the time under SINK_TIME_SOURCE=wallclock. */
  ingestedAtMs: number;
}

export interface BatchMessage {
  value: Buffer | null;
  offset: string;
  timestamp: string;
}

export function packBatch(messages: readonly BatchMessage[], ingestedAtMs: number): PackedBatch {
  let total = 0;
  for (const message of messages) total += message.value?.length ?? 0;
  const batch: PackedBatch = {
    values: new Uint8Array(total),
    ends: new Int32Array(messages.length),
    nulls: new Uint8Array(messages.length),
    offsets: new BigInt64Array(messages.length),
    timestampsMs: new Float64Array(messages.length),
    ingestedAtMs,
  };
  let position = 0;
  messages.forEach((message, index) => {
    if (message.value === null) batch.nulls[index] = 1;
    else {
      batch.values.set(message.value, position);
      position += message.value.length;
    }
    batch.ends[index] = position;
    batch.offsets[index] = BigInt(message.offset);
    batch.timestampsMs[index] = Number(message.timestamp);
  });
  return batch;
}

/** The valid rows of a batch that fall in one UTC hour. */
export interface HourChunk {
  hourStartMs: number;
  /** The rows as one Arrow IPC stream, held as `SINK_BUFFER_COMPRESSION` says (chunk-compression.ts). */
  data: Uint8Array;
  rows: number;
  firstOffset: bigint;
  lastOffset: bigint;
  /** The latest row time in the chunk. */
  maxTimeMs: number;
  /** The latest Kafka timestamp among its records: when the partition last received data. */
  maxKafkaMs: number;
}

export interface BatchDeadLetter {
  /** The message's position in its batch. */
  index: number;
  reason: DeadLetterReason;
  detail: string;
}

export interface DecodedBatch {
  chunks: HourChunk[];
  dead: BatchDeadLetter[];
}

/** Decodes and validates every message of the batch and encodes the valid ones as Arrow, by hour. */
export function decodeBatch(
  spec: TopicSpec,
  decoder: RecordDecoder,
  topic: string,
  partition: number,
  batch: PackedBatch,
  encoding: ChunkEncoding,
): DecodedBatch {
  const hours = new Map<number, HourInProgress>();
  const dead: BatchDeadLetter[] = [];
  const bytes = Buffer.from(batch.values.buffer, batch.values.byteOffset, batch.values.byteLength);
  let start = 0;
  for (let index = 0; index < batch.ends.length; index++) {
    const end = batch.ends[index]!;
    const decoded = decoder.decode(
      {
        value: batch.nulls[index] === 1 ? null : bytes.subarray(start, end),
        offset: batch.offsets[index]!,
        timestampMs: batch.timestampsMs[index]!,
      },
      batch.ingestedAtMs,
    );
    start = end;
    if (decoded.kind === 'dead') {
      dead.push({ index, reason: decoded.reason, detail: decoded.detail });
      continue;
    }
    const { row } = decoded;
    let hour = hours.get(row.hourStartMs);
    if (!hour) {
      hour = {
        table: new BronzeTableBuilder(spec, topic, partition),
        firstOffset: row.offset,
        lastOffset: row.offset,
        maxTimeMs: row.timeMs,
        maxKafkaMs: row.kafkaTimestampMs,
      };
      hours.set(row.hourStartMs, hour);
    }
    hour.table.append(row);
    hour.lastOffset = row.offset;
    hour.maxTimeMs = Math.max(hour.maxTimeMs, row.timeMs);
    hour.maxKafkaMs = Math.max(hour.maxKafkaMs, row.kafkaTimestampMs);
  }
  const chunks = [...hours].map(([hourStartMs, hour]): HourChunk => ({
    hourStartMs,
    data: encodeChunk(hour.table.toIPC(), encoding),
    rows: hour.table.rows,
    firstOffset: hour.firstOffset,
    lastOffset: hour.lastOffset,
    maxTimeMs: hour.maxTimeMs,
    maxKafkaMs: hour.maxKafkaMs,
  }));
  return { chunks, dead };
}

interface HourInProgress {
  table: BronzeTableBuilder;
  firstOffset: bigint;
  lastOffset: bigint;
  maxTimeMs: number;
  maxKafkaMs: number;
}
