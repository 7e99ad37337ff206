import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int64,
  List,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  TimestampMicrosecond,
  Utf8,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { BRONZE_METADATA_COLUMNS, type BronzeType, type TopicSpec } from '@tributary/schemas';
import type { BronzeRow } from './record-decoder';

/*
 * Arrow vectors written straight into their buffers. Arrow's generic builders (`vectorFromArray`)
 * convert value by value and were a third of the encoding time.
 */

const DAY_MS = 86_400_000;
const TWO_32 = 2 ** 32;

function validity(values: readonly unknown[]): {
  nullBitmap: Uint8Array | null;
  nullCount: number;
} {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null || value === undefined) nullCount++;
    else nullBitmap[index >> 3]! |= 1 << (index & 7);
  });
  return { nullBitmap: nullCount > 0 ? nullBitmap : null, nullCount };
}

function vector(type: DataType, values: readonly unknown[], buffers: object): Vector {
  return makeVector(
    makeData({ type, length: values.length, ...buffers, ...validity(values) } as never),
  );
}

/** UTF-8 text from bytes already encoded (the raw records, straight from Kafka). */
export function bytesVector(values: readonly Uint8Array[]): Vector {
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  values.forEach((value, index) => {
    total += value.length;
    valueOffsets[index + 1] = total;
  });
  const data = new Uint8Array(total);
  values.forEach((value, index) => data.set(value, valueOffsets[index]));
  return vector(new Utf8(), values, { data, valueOffsets });
}

export function utf8Vector(values: readonly (string | null)[]): Vector {
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  values.forEach((value, index) => {
    if (value !== null) total += Buffer.byteLength(value, 'utf8');
    valueOffsets[index + 1] = total;
  });
  const data = Buffer.allocUnsafe(total);
  let position = 0;
  for (const value of values) if (value !== null) position += data.write(value, position, 'utf8');
  return vector(new Utf8(), values, { data, valueOffsets });
}

function stringListVector(values: readonly (readonly string[] | null)[]): Vector {
  const valueOffsets = new Int32Array(values.length + 1);
  const items: string[] = [];
  values.forEach((list, index) => {
    if (list !== null) items.push(...list);
    valueOffsets[index + 1] = items.length;
  });
  const child = utf8Vector(items).data[0]!;
  const type = new List(new Field('element', new Utf8(), true));
  return vector(type, values, { valueOffsets, child });
}

/**
 * 64-bit integers written as two 32-bit halves, without a BigInt per value (safe integers only,
 * which every int64 column and microsecond timestamp here is).
 */
function int64Data(values: readonly (number | bigint | null)[]): BigInt64Array {
  const data = new BigInt64Array(values.length);
  const halves = new Int32Array(data.buffer);
  values.forEach((value, index) => {
    if (value === null) return;
    if (typeof value === 'bigint') {
      data[index] = value;
      return;
    }
    const integer = Math.trunc(value);
    halves[2 * index] = (integer % TWO_32) | 0;
    halves[2 * index + 1] = Math.floor(integer / TWO_32);
  });
  return data;
}

function int64Vector(values: readonly (number | bigint | null)[]): Vector {
  return vector(new Int64(), values, { data: int64Data(values) });
}

function timestampVector(msValues: readonly (number | null)[]): Vector {
  const micros = msValues.map((ms) => (ms === null ? null : Math.round(ms * 1000)));
  return vector(new TimestampMicrosecond('UTC'), micros, { data: int64Data(micros) });
}

/** Text of a scalar column value; objects (which the registry never yields for text columns) as JSON. */
function asText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return value.toString();
    default:
      return JSON.stringify(value);
  }
}

function parseTime(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(asText(value));
  return Number.isFinite(ms) ? ms : null;
}

const isMissing = (value: unknown): value is null | undefined =>
  value === null || value === undefined;

/** One column of logical bronze type `type` from the extracted JavaScript values. */
export function columnVector(type: BronzeType, values: readonly unknown[]): Vector {
  switch (type) {
    case 'string':
      return utf8Vector(values.map((value) => (isMissing(value) ? null : asText(value))));
    case 'int64':
      return int64Vector(
        values.map((value) =>
          isMissing(value) ? null : typeof value === 'bigint' ? value : Number(value),
        ),
      );
    case 'double': {
      const numbers = values.map((value) => (isMissing(value) ? null : Number(value)));
      return vector(new Float64(), numbers, { data: Float64Array.from(numbers, (n) => n ?? 0) });
    }
    case 'boolean': {
      const data = new Uint8Array(Math.ceil(values.length / 8));
      values.forEach((value, index) => {
        if (!isMissing(value) && Boolean(value)) data[index >> 3]! |= 1 << (index & 7);
      });
      return vector(new Bool(), values, { data });
    }
    case 'timestamp':
      return timestampVector(values.map(parseTime));
    case 'date': {
      const days = values.map((value) => {
        const ms = parseTime(value);
        return ms === null ? null : Math.floor(ms / DAY_MS);
      });
      return vector(new DateDay(), days, { data: Int32Array.from(days, (day) => day ?? 0) });
    }
    case 'string_list':
      return stringListVector(
        values.map((value) => (Array.isArray(value) ? value.map(asText) : null)),
      );
  }
}

/** The bronze table of some rows of one topic-partition: the registry's typed columns, then metadata. */
export function bronzeTable(
  spec: TopicSpec,
  topic: string,
  partition: number,
  rows: readonly BronzeRow[],
): Table {
  const columns: Record<string, Vector> = {};
  spec.columns.forEach((column, index) => {
    columns[column.name] = columnVector(
      column.type,
      rows.map((row) => row.values[index]),
    );
  });
  const metadata: Record<(typeof BRONZE_METADATA_COLUMNS)[number]['name'], Vector> = {
    _raw: bytesVector(rows.map((row) => row.raw)),
    _kafka_topic: utf8Vector(rows.map(() => topic)),
    _kafka_partition: int64Vector(rows.map(() => partition)),
    _kafka_offset: int64Vector(rows.map((row) => row.offset)),
    _kafka_timestamp: timestampVector(rows.map((row) => row.kafkaTimestampMs)),
    _ingested_at: timestampVector(rows.map((row) => row.ingestedAtMs)),
  };
  return new Table({ ...columns, ...metadata });
}

/** The table as one Arrow IPC stream in a buffer of its own (so it can be transferred between threads). */
export function bronzeIPC(
  spec: TopicSpec,
  topic: string,
  partition: number,
  rows: readonly BronzeRow[],
): Uint8Array {
  const ipc = tableToIPC(bronzeTable(spec, topic, partition, rows), 'stream');
  return ipc.byteOffset === 0 && ipc.buffer.byteLength === ipc.byteLength ? ipc : ipc.slice();
}
