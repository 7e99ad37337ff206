import { tableFromIPC, type Table } from 'apache-arrow';
import {
  GITHUB_EVENTS_MATCHED,
  JOBS_POSTINGS,
  sampleJobPosting,
  sampleKeywordMatch,
  SCRAPER_SHOT_CHARTS,
  type TopicSpec,
} from '@tributary/schemas';
import { DecodePool } from '../threads/decode-pool';
import { decodeChunk, type ChunkEncoding } from './chunk-compression';
import { NativeBatchDecoder, type NativeBatchCounts } from './native-batch';
import { nativeProgram } from './native-program';
import { decodeBatch, packBatch, type BatchMessage, type DecodedBatch } from './record-batch';
import { RecordDecoder, type DecoderOptions } from './record-decoder';

/*
 * The differential test of the native decoder: the same records, good and bad, through the
 * JavaScript path (zod, apache-arrow) and the native one must give the same dead letters (index,
 * reason, detail), the same chunks (hours, offsets, times) and the same Arrow tables (schema, every
 * typed column, `_raw`, the Kafka columns).
 */

const spec = GITHUB_EVENTS_MATCHED as unknown as TopicSpec;
const topic = `it-diff.${spec.topic}`;
const hour4 = Date.UTC(2026, 10, 23, 4);
const receivedAt = Date.UTC(2026, 10, 23, 5, 30);
const MAX_RECORD_BYTES = 64 * 1024;

type Value = string | Buffer | null;

const match = (n: number, timeMs = hour4 + n * 61_000) => sampleKeywordMatch(n, timeMs);
const withEvent = (n: number, event: Record<string, unknown>) => {
  const record = match(n);
  return JSON.stringify({ ...record, event: { ...record.event, ...event } });
};

/** Every bad-input kind of test/dead-letters.int-spec.ts and test/chaos.int-spec.ts, on this topic. */
const BAD_INPUT: [string, Value][] = [
  ['malformed_json (cut short)', '{"event": {"id": "1", '],
  ['malformed_json (trailing text)', '{"keywords": []}} trailing'],
  ['schema_invalid (keywords a string)', JSON.stringify({ ...match(1), keywords: 'kafka' })],
  ['schema_invalid (event id a number)', withEvent(2, { id: 2 })],
  ['schema_invalid (an array)', '[1, 2, 3]'],
  ['schema_invalid (wrong type)', withEvent(3, { public: 'true' })],
  ['missing_time (created_at null)', withEvent(4, { created_at: null })],
  ['schema_invalid (created_at missing)', withEvent(5, { created_at: undefined })],
  ['too_large', JSON.stringify({ ...match(6), padding: 'x'.repeat(80_000) })],
  ['invalid_utf8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ['null_value', null],
  ['null_value (empty)', Buffer.alloc(0)],
];

/** Inputs where a native decoder could part from zod or V8 if it were not careful. */
const EDGE_INPUT: [string, Value][] = [
  ['offset time', withEvent(10, { created_at: '2026-11-23T09:30:00+05:30' })],
  ['micro fraction', withEvent(11, { created_at: '2026-11-23T04:30:00.123456Z' })],
  ['leap day', withEvent(12, { created_at: '2024-02-29T23:59:59.9-00:30' })],
  ['no seconds', withEvent(13, { created_at: '2026-11-23T04:30Z' })],
  ['not a leap day', withEvent(14, { created_at: '2023-02-29T00:00:00Z' })],
  ['lower-case z', withEvent(15, { created_at: '2026-11-23T04:30:00z' })],
  ['a lone surrogate', withEvent(16, { payload: { title: 'x' } }).replace('"x"', '"\\ud800"')],
  [
    'a number beyond double',
    withEvent(17, { payload: { big: 1 } }).replace('"big":1', '"big":1e400'),
  ],
  ['negative zero', withEvent(18, { payload: { zero: 1 } }).replace('"zero":1', '"zero":-0')],
  [
    'deep nesting',
    withEvent(19, { payload: { deep: 1 } }).replace('1}', `${'['.repeat(200)}${']'.repeat(200)}}`),
  ],
  ['duplicate key, last valid', `{"keyword_list_version":1,${JSON.stringify(match(20)).slice(1)}`],
  ['duplicate key, last invalid', `${JSON.stringify(match(21)).slice(0, -1)},"keywords":[]}`],
  ['a __proto__ key', `{"__proto__":{"x":1},${JSON.stringify(match(22)).slice(1)}`],
  ['a byte-order mark', `\uFEFF${JSON.stringify(match(23))}`],
  ['whitespace around', ` \n${JSON.stringify(match(24))}\t\r\n`],
  ['empty event id', withEvent(25, { id: '' })],
  ['a fractional repo id', withEvent(26, { repo: { id: 1.5, name: 'a/b', url: 'u' } })],
  ['an unsafe repo id', withEvent(27, { repo: { id: 2 ** 53, name: 'a/b', url: 'u' } })],
  ['the largest safe repo id', withEvent(28, { repo: { id: 2 ** 53 - 1, name: 'a/b', url: 'u' } })],
  ['no keywords', JSON.stringify({ ...match(29), keywords: [] })],
  ['astral keywords', JSON.stringify({ ...match(30), keywords: ['🚀', 'naïve', 'null'] })],
  ['a bad match field', JSON.stringify({ ...match(31), matches: [{ keyword: 'k', field: 'x' }] })],
  ['unknown keys', JSON.stringify({ ...match(32), extra: { any: [1, 'x'] } })],
  ['unknown event keys', withEvent(33, { extra: null })],
  [
    'no display login',
    withEvent(34, { actor: { ...match(34).event.actor, display_login: undefined } }),
  ],
  [
    'a null display login',
    withEvent(35, { actor: { ...match(35).event.actor, display_login: null } }),
  ],
  ['a null org', withEvent(36, { org: null })],
  ['an org', withEvent(37, { org: { ...match(37).event.actor, login: 'the-org' } })],
  ['a null type', withEvent(38, { type: null })],
  ['a payload array', withEvent(39, { payload: [] })],
  ['escaped text', withEvent(40, { type: 'Tab\there "quoted" \\ \u00e9 \u2028' })],
  ['a JSON string', JSON.stringify(JSON.stringify(match(41)))],
  ['a year zero time', withEvent(42, { created_at: '0000-01-01T00:00:00Z' })],
];

function messages(values: readonly Value[], firstOffset = 100): BatchMessage[] {
  return values.map((value, index) => ({
    value: typeof value === 'string' ? Buffer.from(value) : value,
    offset: String(firstOffset + index),
    timestamp: String(Date.UTC(2026, 10, 23, 5) + index * 7),
  }));
}

interface Comparable {
  dead: DecodedBatch['dead'];
  chunks: Omit<DecodedBatch['chunks'][number], 'data'>[];
  tables: { schema: string; rows: string }[];
}

/** Every value of a table, BigInts and typed arrays as text, so two tables compare with toEqual. */
function tableContents(table: Table): { schema: string; rows: string } {
  const schema = table.schema.fields.map(
    (field) => `${field.name}:${String(field.type)}:${field.nullable}`,
  );
  const rows = table.toArray().map((row: { toJSON(): Record<string, unknown> }) => row.toJSON());
  return {
    schema: schema.join(', '),
    rows: JSON.stringify(rows, (_, value: unknown) => {
      if (typeof value === 'bigint') return `${value}n`;
      if (typeof value === 'number' && Object.is(value, -0)) return '-0';
      if (value !== null && typeof value === 'object' && 'toArray' in value)
        return (value as { toArray(): unknown[] }).toArray();
      return value;
    }),
  };
}

function comparable(decoded: DecodedBatch, encoding: ChunkEncoding): Comparable {
  return {
    dead: decoded.dead,
    chunks: decoded.chunks.map(({ data: _, ...chunk }) => chunk),
    tables: decoded.chunks.map((chunk) =>
      tableContents(tableFromIPC(decodeChunk(chunk.data, encoding))),
    ),
  };
}

function both(
  values: readonly Value[],
  options: DecoderOptions = { maxRecordBytes: MAX_RECORD_BYTES, timeSource: 'event' },
  encoding: ChunkEncoding = 'zstd',
  topicSpecToUse: TopicSpec = spec,
): { js: Comparable; native: Comparable; counts: NativeBatchCounts } {
  const support = nativeProgram(topicSpecToUse);
  if (!support.native) throw new Error(support.reason);
  const batch = () => packBatch(messages(values), receivedAt);
  const js = decodeBatch(
    topicSpecToUse,
    new RecordDecoder(topicSpecToUse, options),
    topic,
    3,
    batch(),
    encoding,
  );
  const native = new NativeBatchDecoder(
    topicSpecToUse,
    support.program,
    new RecordDecoder(topicSpecToUse, options),
    options,
    encoding,
  ).decode(topic, 3, batch());
  return {
    js: comparable(js, encoding),
    native: comparable(native.decoded, encoding),
    counts: native.counts,
  };
}

const good = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => JSON.stringify(match(from + i)));

describe('native decoder against the JavaScript decoder (same records, same result)', () => {
  it('gives every bad input of the sink tests the same dead letter, reason and detail, between good records', () => {
    const values = BAD_INPUT.flatMap(([, value], index) => [JSON.stringify(match(index)), value]);
    const { js, native, counts } = both(values);
    expect(js.dead.map((letter) => letter.reason)).toEqual([
      'malformed_json',
      'malformed_json',
      'schema_invalid',
      'schema_invalid',
      'schema_invalid',
      'schema_invalid',
      'missing_time',
      'schema_invalid',
      'too_large',
      'invalid_utf8',
      'null_value',
      'null_value',
    ]);
    expect(native).toEqual(js);
    expect(counts).toEqual({ handedToJavascript: BAD_INPUT.length, rowsFromJavascript: 0 });
  });

  it.each(EDGE_INPUT)('decides %s as zod and V8 do', (_, value) => {
    const { js, native } = both([JSON.stringify(match(1)), value, JSON.stringify(match(2))]);
    expect(native).toEqual(js);
  });

  it('lands what only V8 can parse through the JavaScript decoder, in offset order', () => {
    const values = [
      JSON.stringify(match(1)),
      EDGE_INPUT.find(([name]) => name === 'a lone surrogate')![1],
      EDGE_INPUT.find(([name]) => name === 'deep nesting')![1],
      JSON.stringify(match(2)),
    ];
    const { js, native, counts } = both(values);
    expect(js.dead).toEqual([]);
    expect(native).toEqual(js);
    expect(counts).toEqual({ handedToJavascript: 2, rowsFromJavascript: 2 });
  });

  it('lands a thousand good records across hours natively, with the same columns', () => {
    const values = good(0, 1_000);
    const { js, native, counts } = both(values);
    expect(js.chunks.length).toBeGreaterThan(1);
    expect(native).toEqual(js);
    expect(counts).toEqual({ handedToJavascript: 0, rowsFromJavascript: 0 });
  });

  it.each([
    ['kafka', 'zstd'],
    ['wallclock', 'none'],
    ['event', 'none'],
  ] as const)('places rows by the %s time, chunks held as %s', (timeSource, encoding) => {
    const values = [...good(0, 50), ...EDGE_INPUT.map(([, value]) => value)];
    const { js, native } = both(values, { maxRecordBytes: MAX_RECORD_BYTES, timeSource }, encoding);
    expect(native).toEqual(js);
  });

  it('decides thousands of mutated records as zod does', () => {
    // Deterministic mutations of valid records: a field removed, nulled, retyped or emptied.
    let state = 42;
    const next = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const replacements: unknown[] = [
      null,
      '',
      'x',
      0,
      -1,
      1.5,
      2 ** 53,
      true,
      [],
      {},
      ['a'],
      '2026-11-23T04:30:00Z',
      undefined,
    ];
    const mutate = (value: unknown, depth: number): unknown => {
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value as Record<string, unknown>);
      const [key, inner] = entries[Math.floor(next() * entries.length)]!;
      const copy: Record<string, unknown> = Array.isArray(value)
        ? { ...(value as unknown[]) }
        : { ...(value as Record<string, unknown>) };
      copy[key] =
        depth < 3 && inner !== null && typeof inner === 'object' && next() < 0.6
          ? mutate(inner, depth + 1)
          : replacements[Math.floor(next() * replacements.length)];
      return Array.isArray(value) ? Object.values(copy) : copy;
    };
    const values = Array.from({ length: 3_000 }, (_, n) => JSON.stringify(mutate(match(n), 0)));
    const { js, native } = both(values);
    expect(js.dead.length).toBeGreaterThan(500);
    expect(js.chunks.reduce((sum, chunk) => sum + chunk.rows, 0)).toBeGreaterThan(300);
    expect(native).toEqual(js);
  });
});

describe('which topics the native decoder takes', () => {
  it('compiles github.events.matched from its zod schema and column paths', () => {
    const support = nativeProgram(spec);
    expect(support.native).toBe(true);
  });

  it.each([
    [
      JOBS_POSTINGS.topic,
      JOBS_POSTINGS as unknown as TopicSpec,
      /column source has no declarative path/,
    ],
    [
      SCRAPER_SHOT_CHARTS.topic,
      SCRAPER_SHOT_CHARTS as unknown as TopicSpec,
      /format 'url' is code/,
    ],
  ])('leaves %s, whose layout or schema is code, to zod, and says why', (_, topicSpec, reason) => {
    expect(nativeProgram(topicSpec)).toEqual({
      native: false,
      reason: expect.stringMatching(reason),
    });
  });

  it('refuses a schema rule it cannot check exactly, rather than guess', () => {
    const { z } = jest.requireActual<typeof import('zod')>('zod');
    const withUrl = { ...spec, schema: z.object({ url: z.url() }) } as unknown as TopicSpec;
    expect(nativeProgram(withUrl)).toEqual({
      native: false,
      reason: expect.stringContaining('url'),
    });
  });
});

describe('DecodePool with SINK_DECODER=native and js', () => {
  const values = [...good(0, 30), ...BAD_INPUT.map(([, value]) => value)];
  const run = async (decoder: 'native' | 'js', topicName: string, batch: Value[]) => {
    const pool = new DecodePool(1, {
      maxRecordBytes: MAX_RECORD_BYTES,
      timeSource: 'event',
      bufferCompression: 'zstd',
      decoder,
    });
    try {
      return comparable(await pool.decode(topicName, 3, messages(batch), receivedAt), 'zstd');
    } finally {
      await pool.close();
    }
  };

  it('decodes a native topic the same way on either decoder', async () => {
    expect(await run('native', topic, values)).toEqual(await run('js', topic, values));
  });

  it('decodes a topic without a native program with zod under either setting', async () => {
    const jobs = [JSON.stringify(sampleJobPosting(1)), '{"source": "remotive", ', null];
    const native = await run('native', `it-diff.${JOBS_POSTINGS.topic}`, jobs);
    expect(native).toEqual(await run('js', `it-diff.${JOBS_POSTINGS.topic}`, jobs));
    expect(native.dead.map((letter) => letter.reason)).toEqual(['malformed_json', 'null_value']);
  });
});
