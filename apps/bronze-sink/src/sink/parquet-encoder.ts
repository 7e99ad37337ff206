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
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BRONZE_METADATA_COLUMNS, type BronzeType, type TopicSpec } from '@tributary/schemas';
import type { SinkConfig } from '../config/env';
import type { BronzeRow } from './record-decoder';
import { Mutex } from './mutex';
import type { WriteRequest, WriteResponse } from './parquet-writer.worker';

const DAY_MS = 86_400_000;

/** Builds a nullable fixed-width Arrow vector from values already converted to its storage type. */
function fixedWidthVector<T extends Int32Array | BigInt64Array>(
  type: TimestampMicrosecond | DateDay,
  values: readonly (number | bigint | null)[],
  storage: T,
): Vector {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, index) => {
    if (value === null) {
      nullCount++;
      return;
    }
    storage[index] = value;
    nullBitmap[index >> 3]! |= 1 << (index & 7);
  });
  return makeVector(
    makeData({
      type,
      length: values.length,
      data: storage,
      nullCount,
      nullBitmap: nullCount > 0 ? nullBitmap : null,
    } as never),
  );
}

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

/**
 * A Utf8 vector written straight into one buffer. Arrow's generic builder encodes string by string
 * and was a third of the encoding time (the raw JSON column above all).
 */
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
  return makeVector(
    makeData({
      type: new Utf8(),
      length: values.length,
      data,
      valueOffsets,
      ...validity(values),
    } as never),
  );
}

/** A List<Utf8> vector from string arrays, built the same way. */
function stringListVector(values: readonly (readonly string[] | null)[]): Vector {
  const valueOffsets = new Int32Array(values.length + 1);
  const items: string[] = [];
  values.forEach((list, index) => {
    if (list !== null) items.push(...list);
    valueOffsets[index + 1] = items.length;
  });
  const child = utf8Vector(items).data[0]!;
  const type = new List(new Field('element', new Utf8(), true));
  return makeVector(
    makeData({ type, length: values.length, valueOffsets, child, ...validity(values) } as never),
  );
}

function timestampVector(msValues: readonly (number | null)[]): Vector {
  const micros = msValues.map((ms) => (ms === null ? null : BigInt(Math.round(ms * 1000))));
  return fixedWidthVector(
    new TimestampMicrosecond('UTC'),
    micros,
    new BigInt64Array(msValues.length),
  );
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

/** One column of logical bronze type `type` from the extracted JavaScript values. */
export function columnVector(type: BronzeType, values: readonly unknown[]): Vector {
  switch (type) {
    case 'string':
      return utf8Vector(
        values.map((value) => (value === null || value === undefined ? null : asText(value))),
      );
    case 'int64':
      return vectorFromArray(
        values.map((value) =>
          value === null || value === undefined ? null : BigInt(value as number | bigint),
        ),
        new Int64(),
      );
    case 'double':
      return vectorFromArray(
        values.map((value) => (value === null || value === undefined ? null : Number(value))),
        new Float64(),
      );
    case 'boolean':
      return vectorFromArray(
        values.map((value) => (value === null || value === undefined ? null : Boolean(value))),
        new Bool(),
      );
    case 'timestamp':
      return timestampVector(values.map(parseTime));
    case 'date': {
      const days = values.map((value) => {
        const ms = parseTime(value);
        return ms === null ? null : Math.floor(ms / DAY_MS);
      });
      return fixedWidthVector(new DateDay(), days, new Int32Array(values.length));
    }
    case 'string_list':
      return stringListVector(
        values.map((value) => (Array.isArray(value) ? value.map(asText) : null)),
      );
  }
}

/** Rows per Arrow batch and Parquet row group: bounds the memory one encoding step holds. */
export const ROW_GROUP_ROWS = 8_192;

function workerPath(): string {
  // Compiled, the worker sits beside this file; under ts-transpiling test runners, in dist/.
  const beside = join(__dirname, 'parquet-writer.worker.js');
  return existsSync(beside)
    ? beside
    : join(__dirname, '..', '..', 'dist', 'sink', 'parquet-writer.worker.js');
}

/**
 * Encodes rows of one topic into one Parquet file: the registry's typed columns, then the metadata
 * columns. Arrow vectors are built here, in row-group chunks; compression runs in a worker thread,
 * so the consumer keeps decoding records on this thread meanwhile.
 */
export class ParquetEncoder {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (file: Uint8Array) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private readonly oneAtATime = new Mutex();
  /** Size of the writer's WebAssembly memory after the last file (it grows, it never shrinks). */
  wasmBytes = 0;

  constructor(private readonly compression: SinkConfig['compression']) {
    this.worker = new Worker(workerPath());
    this.worker.unref();
    this.worker.on('message', (response: WriteResponse) => {
      const waiter = this.waiting.get(response.id);
      this.waiting.delete(response.id);
      if ('file' in response) {
        this.wasmBytes = response.wasmBytes;
        waiter?.resolve(response.file);
      } else waiter?.reject(new Error(`parquet writer: ${response.error}`));
    });
    this.worker.on('error', (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  /**
   * One file at a time: its uncompressed Arrow chunks exist only while it is written, so flushing
   * several partitions at once (under buffer pressure) never holds several files' chunks in memory.
   * The writer is one thread anyway, so this costs little throughput.
   */
  encode(
    spec: TopicSpec,
    topic: string,
    partition: number,
    rows: readonly BronzeRow[],
  ): Promise<Uint8Array> {
    return this.oneAtATime.run(() => this.write(spec, topic, partition, rows));
  }

  private write(
    spec: TopicSpec,
    topic: string,
    partition: number,
    rows: readonly BronzeRow[],
  ): Promise<Uint8Array> {
    const chunks: ArrayBuffer[] = [];
    for (let start = 0; start < rows.length; start += ROW_GROUP_ROWS) {
      const ipc = tableToIPC(
        this.table(spec, topic, partition, rows.slice(start, start + ROW_GROUP_ROWS)),
        'stream',
      );
      chunks.push(
        ipc.buffer.byteLength === ipc.byteLength ? (ipc.buffer as ArrayBuffer) : ipc.slice().buffer,
      );
    }
    const id = this.nextId++;
    const request: WriteRequest = {
      id,
      compression: this.compression,
      rowGroupRows: ROW_GROUP_ROWS,
      chunks,
    };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(request, chunks);
    });
  }

  /** The writer thread's V8 heap in use, for the memory metrics. */
  async heapBytes(): Promise<number> {
    return (await this.worker.getHeapStatistics()).used_heap_size;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private table(
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
      _raw: utf8Vector(rows.map((row) => row.raw)),
      _kafka_topic: utf8Vector(rows.map(() => topic)),
      _kafka_partition: makeVector(BigInt64Array.from(rows, () => BigInt(partition))),
      _kafka_offset: makeVector(BigInt64Array.from(rows, (row) => row.offset)),
      _kafka_timestamp: timestampVector(rows.map((row) => row.kafkaTimestampMs)),
      _ingested_at: timestampVector(rows.map((row) => row.ingestedAtMs)),
    };
    return new Table({ ...columns, ...metadata });
  }
}
