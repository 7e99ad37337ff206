import { tableFromIPC } from 'apache-arrow';
import { z } from 'zod';
import type { TopicSpec } from '@tributary/schemas';
import { BronzeTableBuilder } from './bronze-arrow';
import type { BronzeRow } from './record-decoder';

/** One column of every bronze type; values come straight from the test rows. */
const spec: TopicSpec = {
  topic: 'test.every-type',
  schemaName: 'test.every_type',
  schemaVersion: 1,
  schema: z.unknown(),
  key: () => 'k',
  eventTime: () => null,
  columns: (
    ['string', 'int64', 'double', 'boolean', 'timestamp', 'date', 'string_list'] as const
  ).map((type, index) => ({
    name: type,
    type,
    nullable: true,
    value: (r: unknown) => (r as unknown[])[index],
  })),
};

const ROWS = 3_000; // past the builders' initial 1,024 rows and 16 KiB of text
const BASE_MS = Date.UTC(2026, 10, 23, 4, 0, 0, 123);

/** Row n, with a null in every column on every 7th row. */
function values(n: number): unknown[] {
  if (n % 7 === 3) return [null, null, null, null, null, null, null];
  return [
    `naïve ✓ ${n} ${'x'.repeat(n % 50)}`,
    n * 1_000_003 - 2 ** 40,
    n / 8,
    n % 2 === 0,
    new Date(BASE_MS + n * 1_000).toISOString(),
    new Date(BASE_MS + n * 86_400_000).toISOString().slice(0, 10),
    Array.from({ length: n % 4 }, (_, item) => `kw${item}-${n}`),
  ];
}

function row(n: number): BronzeRow {
  return {
    values: values(n),
    raw: Buffer.from(JSON.stringify({ n, text: 'ü'.repeat(n % 30) })),
    offset: 1_000_000_000_000n + BigInt(n),
    kafkaTimestampMs: BASE_MS + n,
    ingestedAtMs: BASE_MS + 2 * n,
    timeMs: BASE_MS,
    hourStartMs: BASE_MS,
  };
}

describe('BronzeTableBuilder', () => {
  it('builds every bronze type, with nulls, across buffer growth, and reads back the same values', () => {
    const builder = new BronzeTableBuilder(spec, spec.topic, 5);
    for (let n = 0; n < ROWS; n++) builder.append(row(n));
    expect(builder.rows).toBe(ROWS);

    const table = tableFromIPC(builder.toIPC());
    expect(table.numRows).toBe(ROWS);
    expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual([
      'string:Utf8',
      'int64:Int64',
      'double:Float64',
      'boolean:Bool',
      'timestamp:Timestamp<MICROSECOND, UTC>',
      'date:Date32<DAY>',
      'string_list:List<Utf8>',
      '_raw:Utf8',
      '_kafka_topic:Utf8',
      '_kafka_partition:Int64',
      '_kafka_offset:Int64',
      '_kafka_timestamp:Timestamp<MICROSECOND, UTC>',
      '_ingested_at:Timestamp<MICROSECOND, UTC>',
    ]);
    const read = table.toArray() as Record<string, unknown>[];
    for (let n = 0; n < ROWS; n++) {
      const expected = values(n);
      const got = read[n]!;
      const isNull = n % 7 === 3;
      expect(got.string).toBe(expected[0]);
      expect(got.int64).toBe(isNull ? null : BigInt(expected[1] as number));
      expect(got.double).toBe(expected[2]);
      expect(got.boolean).toBe(expected[3]);
      // apache-arrow reads microsecond timestamps back as milliseconds.
      expect(got.timestamp).toBe(isNull ? null : BASE_MS + n * 1_000);
      expect(got.date).toBe(isNull ? null : Date.parse((expected[5] as string) + 'T00:00:00Z'));
      const list = got.string_list as { toArray(): string[] } | null;
      expect(list === null ? null : [...list.toArray()]).toEqual(expected[6]);
      expect(got._raw).toBe(Buffer.from(row(n).raw).toString('utf8'));
      expect(got._kafka_topic).toBe(spec.topic);
      expect(got._kafka_partition).toBe(5n);
      expect(got._kafka_offset).toBe(1_000_000_000_000n + BigInt(n));
      expect(got._kafka_timestamp).toBe(BASE_MS + n);
      expect(got._ingested_at).toBe(BASE_MS + 2 * n);
    }
    expect(table.getChild('string')!.nullCount).toBe(Math.ceil((ROWS - 3) / 7));
    expect(table.getChild('_raw')!.nullCount).toBe(0);
  });

  it('turns unparsable times and non-numeric numbers into nulls, not zeros', () => {
    const builder = new BronzeTableBuilder(spec, spec.topic, 0);
    builder.append({ ...row(0), values: ['s', 'abc', 'x', true, 'not a time', 'never', []] });
    const [got] = tableFromIPC(builder.toIPC()).toArray() as Record<string, unknown>[];
    expect(got).toMatchObject({ int64: null, double: null, timestamp: null, date: null });
    expect([...(got!.string_list as { toArray(): string[] }).toArray()]).toEqual([]);
  });
});
