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
  type Data,
  type Vector,
} from 'apache-arrow';
import { BRONZE_METADATA_COLUMNS, type BronzeType, type TopicSpec } from '@tributary/schemas';
import { releaseNow, withCapacity } from '../support/buffers';
import type { BronzeRow } from './record-decoder';

/*
 * Bronze rows appended straight into Arrow's buffers, column by column, as they are decoded. A batch
 * of rows kept as JavaScript objects until the end survived the decode threads' young generation
 * and made garbage collection a quarter of their time; bytes in typed arrays cost the collector
 * nothing. (Arrow's own builders convert value by value and were a third of the encoding time.)
 */

const DAY_MS = 86_400_000;
const TWO_32 = 2 ** 32;
const INITIAL_ROWS = 1024;

/** A growable bitmap, one bit per row (Arrow's layout for booleans and validity). */
class Bitmap {
  private bytes = new Uint8Array(INITIAL_ROWS / 8);

  set(index: number, on: boolean): void {
    this.bytes = withCapacity(this.bytes, (index >> 3) + 1);
    if (on) this.bytes[index >> 3]! |= 1 << (index & 7);
  }

  slice(length: number): Uint8Array {
    return this.bytes.subarray(0, Math.ceil(length / 8));
  }

  release(): void {
    releaseNow(this.bytes);
  }
}

class Validity {
  private readonly bits = new Bitmap();
  nullCount = 0;

  set(index: number, valid: boolean): void {
    this.bits.set(index, valid);
    if (!valid) this.nullCount++;
  }

  finish(length: number): { nullBitmap: Uint8Array | null; nullCount: number } {
    return {
      nullBitmap: this.nullCount > 0 ? this.bits.slice(length) : null,
      nullCount: this.nullCount,
    };
  }

  release(): void {
    this.bits.release();
  }
}

/** UTF-8 strings (or bytes already UTF-8) back to back, with Arrow's offsets. */
class Utf8Builder {
  length = 0;
  private data = Buffer.allocUnsafe(16 * 1024);
  private bytes = 0;
  private offsets = new Int32Array(INITIAL_ROWS + 1);
  private readonly validity = new Validity();

  appendString(value: string | null): void {
    if (value !== null) {
      this.reserve(3 * value.length);
      this.bytes += this.data.write(value, this.bytes, 'utf8');
    }
    this.next(value !== null);
  }

  appendBytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.data.set(value, this.bytes);
    this.bytes += value.length;
    this.next(true);
  }

  finish(): Data<Utf8> {
    return makeData({
      type: new Utf8(),
      length: this.length,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      data: this.data.subarray(0, this.bytes),
      ...this.validity.finish(this.length),
    });
  }

  release(): void {
    releaseNow(this.data);
    releaseNow(this.offsets);
    this.validity.release();
  }

  private reserve(extra: number): void {
    if (this.bytes + extra <= this.data.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.bytes + extra, 2 * this.data.length));
    this.data.copy(larger, 0, 0, this.bytes);
    releaseNow(this.data);
    this.data = larger;
  }

  private next(valid: boolean): void {
    this.validity.set(this.length, valid);
    this.length++;
    this.offsets = withCapacity(this.offsets, this.length + 1);
    this.offsets[this.length] = this.bytes;
  }
}

/**
 * 64-bit integers from safe-integer numbers, written as two 32-bit halves without a BigInt per value
 * (every int64 column and microsecond timestamp here is a safe integer).
 */
function int64Data(values: Float64Array, length: number): BigInt64Array {
  const data = new BigInt64Array(length);
  const halves = new Int32Array(data.buffer);
  for (let index = 0; index < length; index++) {
    const integer = Math.trunc(values[index]!);
    halves[2 * index] = (integer % TWO_32) | 0;
    halves[2 * index + 1] = Math.floor(integer / TWO_32);
  }
  return data;
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

const isMissing = (value: unknown): value is null | undefined =>
  value === null || value === undefined;

function timeMs(value: unknown): number | null {
  if (isMissing(value)) return null;
  const ms = Date.parse(asText(value));
  return Number.isFinite(ms) ? ms : null;
}

/** A number per row (0 where null), turned into the column's Arrow type at the end. */
class NumberBuilder {
  length = 0;
  private values = new Float64Array(INITIAL_ROWS);
  private readonly validity = new Validity();

  constructor(private readonly type: 'int64' | 'double' | 'timestamp' | 'date') {}

  append(value: number | null): void {
    const valid = value !== null && !Number.isNaN(value);
    this.values = withCapacity(this.values, this.length + 1);
    this.values[this.length] = valid ? value : 0;
    this.validity.set(this.length, valid);
    this.length++;
  }

  finish(): Data {
    const base = { length: this.length, ...this.validity.finish(this.length) };
    const values = this.values.subarray(0, this.length);
    switch (this.type) {
      case 'int64':
        return makeData({ type: new Int64(), data: int64Data(values, this.length), ...base });
      case 'double':
        return makeData({ type: new Float64(), data: values, ...base });
      case 'timestamp': {
        const micros = values.map((ms) => Math.round(ms * 1000));
        const type = new TimestampMicrosecond('UTC');
        return makeData({ type, data: int64Data(micros, this.length), ...base });
      }
      case 'date': {
        const days = Int32Array.from(values, (ms) => Math.floor(ms / DAY_MS));
        return makeData({ type: new DateDay(), data: days, ...base });
      }
    }
  }

  release(): void {
    releaseNow(this.values);
    this.validity.release();
  }
}

class BoolBuilder {
  length = 0;
  private readonly values = new Bitmap();
  private readonly validity = new Validity();

  append(value: boolean | null): void {
    this.values.set(this.length, value === true);
    this.validity.set(this.length, value !== null);
    this.length++;
  }

  finish(): Data {
    return makeData({
      type: new Bool(),
      length: this.length,
      data: this.values.slice(this.length),
      ...this.validity.finish(this.length),
    });
  }

  release(): void {
    this.values.release();
    this.validity.release();
  }
}

class StringListBuilder {
  length = 0;
  private readonly items = new Utf8Builder();
  private offsets = new Int32Array(INITIAL_ROWS + 1);
  private readonly validity = new Validity();

  append(list: readonly string[] | null): void {
    if (list !== null) for (const item of list) this.items.appendString(item);
    this.validity.set(this.length, list !== null);
    this.length++;
    this.offsets = withCapacity(this.offsets, this.length + 1);
    this.offsets[this.length] = this.items.length;
  }

  finish(): Data {
    return makeData({
      type: new List(new Field('element', new Utf8(), true)),
      length: this.length,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child: this.items.finish(),
      ...this.validity.finish(this.length),
    });
  }

  release(): void {
    this.items.release();
    releaseNow(this.offsets);
    this.validity.release();
  }
}

interface ColumnBuilder {
  append(value: unknown): void;
  finish(): Data;
  /** Frees the column's buffers; the builder is unusable afterwards. */
  release(): void;
}

/** One of the builders above as a `ColumnBuilder`, with `append` turning a registry value into its input. */
function column(
  builder: { finish(): Data; release(): void },
  append: (value: unknown) => void,
): ColumnBuilder {
  return { append, finish: () => builder.finish(), release: () => builder.release() };
}

/**
 * A registry value as the column builder of `type` takes it: text for strings (numbers and booleans
 * as JavaScript writes them), a number for int64/double, epoch milliseconds for timestamp/date
 * (`Date.parse`), a boolean, a list of texts; null where missing. The native decoder receives rows
 * it leaves to JavaScript in this form (record-batch.ts).
 */
export function columnCell(
  type: BronzeType,
  value: unknown,
): string | number | boolean | string[] | null {
  switch (type) {
    case 'string':
      return isMissing(value) ? null : asText(value);
    case 'int64':
    case 'double':
      return isMissing(value) ? null : Number(value);
    case 'timestamp':
    case 'date':
      return timeMs(value);
    case 'boolean':
      return isMissing(value) ? null : Boolean(value);
    case 'string_list':
      return Array.isArray(value) ? value.map(asText) : null;
  }
}

/** A builder for one column of logical bronze type `type`, taking `columnCell`'s values. */
function columnBuilder(type: BronzeType): ColumnBuilder {
  switch (type) {
    case 'string': {
      const builder = new Utf8Builder();
      return column(builder, (value) =>
        builder.appendString(columnCell(type, value) as string | null),
      );
    }
    case 'int64':
    case 'double':
    case 'timestamp':
    case 'date': {
      const builder = new NumberBuilder(type);
      return column(builder, (value) => builder.append(columnCell(type, value) as number | null));
    }
    case 'boolean': {
      const builder = new BoolBuilder();
      return column(builder, (value) => builder.append(columnCell(type, value) as boolean | null));
    }
    case 'string_list': {
      const builder = new StringListBuilder();
      return column(builder, (value) => builder.append(columnCell(type, value) as string[] | null));
    }
  }
}

function constantUtf8(value: string, length: number): Data {
  const bytes = Buffer.from(value, 'utf8');
  const data = new Uint8Array(bytes.length * length);
  for (let index = 0; index < length; index++) data.set(bytes, index * bytes.length);
  const valueOffsets = Int32Array.from({ length: length + 1 }, (_, index) => index * bytes.length);
  return makeData({ type: new Utf8(), length, data, valueOffsets });
}

function constantInt64(value: number, length: number): Data {
  return makeData({
    type: new Int64(),
    length,
    data: new BigInt64Array(length).fill(BigInt(value)),
  });
}

/**
 * The bronze table of one topic-partition built row by row: the registry's typed columns, then the
 * metadata columns. `toIPC` gives it as one Arrow IPC stream.
 */
export class BronzeTableBuilder {
  rows = 0;
  private readonly columns: ColumnBuilder[];
  private readonly raw = new Utf8Builder();
  private offsets = new BigInt64Array(INITIAL_ROWS);
  private readonly kafkaTimestamps = new NumberBuilder('timestamp');
  private readonly ingestedAt = new NumberBuilder('timestamp');

  constructor(
    private readonly spec: TopicSpec,
    private readonly topic: string,
    private readonly partition: number,
  ) {
    this.columns = spec.columns.map((column) => columnBuilder(column.type));
  }

  append(row: BronzeRow): void {
    this.columns.forEach((column, index) => column.append(row.values[index]));
    this.raw.appendBytes(row.raw);
    this.offsets = withCapacity(this.offsets, this.rows + 1);
    this.offsets[this.rows] = row.offset;
    this.kafkaTimestamps.append(row.kafkaTimestampMs);
    this.ingestedAt.append(row.ingestedAtMs);
    this.rows++;
  }

  table(): Table {
    const vectors: Record<string, Vector> = {};
    this.spec.columns.forEach((column, index) => {
      vectors[column.name] = makeVector(this.columns[index]!.finish());
    });
    const metadata: Record<(typeof BRONZE_METADATA_COLUMNS)[number]['name'], Data> = {
      _raw: this.raw.finish(),
      _kafka_topic: constantUtf8(this.topic, this.rows),
      _kafka_partition: constantInt64(this.partition, this.rows),
      _kafka_offset: makeData({
        type: new Int64(),
        length: this.rows,
        data: this.offsets.subarray(0, this.rows),
      }),
      _kafka_timestamp: this.kafkaTimestamps.finish(),
      _ingested_at: this.ingestedAt.finish(),
    };
    for (const [name, data] of Object.entries(metadata)) vectors[name] = makeVector(data);
    return new Table(vectors);
  }

  /**
   * The table as one Arrow IPC stream in a buffer of its own (so it can be transferred between
   * threads). Frees the builder's buffers: the builder is unusable afterwards.
   */
  toIPC(): Uint8Array {
    const ipc = tableToIPC(this.table(), 'stream');
    this.release();
    return ipc.byteOffset === 0 && ipc.buffer.byteLength === ipc.byteLength ? ipc : ipc.slice();
  }

  private release(): void {
    for (const column of this.columns) column.release();
    this.raw.release();
    releaseNow(this.offsets);
    this.kafkaTimestamps.release();
    this.ingestedAt.release();
  }
}

/** The bronze table of some rows of one topic-partition, as one Arrow IPC stream. */
export function bronzeIPC(
  spec: TopicSpec,
  topic: string,
  partition: number,
  rows: readonly BronzeRow[],
): Uint8Array {
  const builder = new BronzeTableBuilder(spec, topic, partition);
  for (const row of rows) builder.append(row);
  return builder.toIPC();
}
