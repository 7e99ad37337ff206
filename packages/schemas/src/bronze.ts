/**
 * Bronze layout: the typed columns people query, then the raw record and where it came from.
 * Types are logical; the sink maps them to Parquet (timestamps as INT64 microseconds, UTC, which
 * DuckDB, Spark, Trino and pyarrow all read).
 */
export type BronzeType =
  'string' | 'int64' | 'double' | 'boolean' | 'timestamp' | 'date' | 'string_list';

export interface BronzeColumn<Record> {
  name: string;
  type: BronzeType;
  nullable: boolean;
  /** Extracts the value from a validated record; strings for `timestamp`/`date` are ISO-8601. */
  value: (record: Record) => unknown;
  /**
   * The same value as data, where `value` is a plain property chain (`r.a?.b ?? null`): the keys
   * from the record's root, null where one is missing. Lets the native decoder extract the column;
   * `columnPathAgrees` (tested on samples) checks the two say the same.
   */
  path?: readonly string[];
}

/** The value at `path` in a parsed record: null where a key is missing or a step is not an object. */
export function valueAtPath(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    if (!Object.hasOwn(value, key)) return null;
    value = (value as Readonly<Record<string, unknown>>)[key];
  }
  return value ?? null;
}

/** Columns the sink adds to every bronze row, whatever the topic. */
export const BRONZE_METADATA_COLUMNS = [
  { name: '_raw', type: 'string', nullable: false },
  { name: '_kafka_topic', type: 'string', nullable: false },
  { name: '_kafka_partition', type: 'int64', nullable: false },
  { name: '_kafka_offset', type: 'int64', nullable: false },
  { name: '_kafka_timestamp', type: 'timestamp', nullable: false },
  { name: '_ingested_at', type: 'timestamp', nullable: false },
] as const satisfies readonly { name: string; type: BronzeType; nullable: boolean }[];

/** `<topic>/dt=YYYY-MM-DD/hr=HH/`, hour in UTC. */
export function bronzeHourPrefix(topic: string, hourStartMs: number): string {
  const iso = new Date(hourStartMs).toISOString();
  return `${topic}/dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}/`;
}

/** `<topic>+<partition>+<firstOffset>-<lastOffset>.parquet`; offsets zero-padded so names sort by offset. */
export function bronzeFileName(
  topic: string,
  partition: number,
  firstOffset: bigint,
  lastOffset: bigint,
): string {
  const pad = (offset: bigint) => offset.toString().padStart(20, '0');
  return `${topic}+${partition}+${pad(firstOffset)}-${pad(lastOffset)}.parquet`;
}

export const HOUR_MS = 3_600_000;

export function hourStart(timeMs: number): number {
  return Math.floor(timeMs / HOUR_MS) * HOUR_MS;
}
