import { GITHUB_EVENTS_MATCHED, sampleKeywordMatch, type TopicSpec } from '@tributary/schemas';
import { RecordDecoder, type KafkaRecord } from './record-decoder';

const spec = GITHUB_EVENTS_MATCHED as unknown as TopicSpec;
const eventTime = Date.UTC(2026, 10, 23, 4, 30, 15);
const kafkaTime = Date.UTC(2026, 10, 23, 6, 1);
const now = Date.UTC(2026, 10, 23, 7, 2);

function message(value: Buffer | string | null, offset = 42n): KafkaRecord {
  return {
    value: typeof value === 'string' ? Buffer.from(value) : value,
    offset,
    timestampMs: kafkaTime,
  };
}

const decoder = (timeSource: 'event' | 'kafka' | 'wallclock' = 'event') => {
  const recordDecoder = new RecordDecoder(spec, { maxRecordBytes: 1024 * 1024, timeSource });
  return { decode: (record: KafkaRecord) => recordDecoder.decode(record, now) };
};

describe('RecordDecoder', () => {
  const valid = JSON.stringify(sampleKeywordMatch(1, eventTime));

  it('turns a valid record into typed column values in registry order', () => {
    const decoded = decoder().decode(message(valid));
    if (decoded.kind !== 'row') throw new Error(`expected a row, got ${decoded.reason}`);
    const { row } = decoded;
    expect(row.values.slice(0, 3)).toEqual([
      '40000000001',
      'PullRequestEvent',
      '2026-11-23T04:30:15Z',
    ]);
    expect(row.values[spec.columns.findIndex((column) => column.name === 'keywords')]).toEqual([
      'kafka',
      'typescript',
      'kubernetes',
    ]);
    expect(Buffer.from(row.raw).toString('utf8')).toBe(valid);
    expect(row.offset).toBe(42n);
    expect(row.hourStartMs).toBe(Date.UTC(2026, 10, 23, 4));
    expect(row.kafkaTimestampMs).toBe(kafkaTime);
    expect(row.ingestedAtMs).toBe(now);
  });

  it('places rows by Kafka timestamp or wall clock when configured', () => {
    const byKafka = decoder('kafka').decode(message(valid));
    const byClock = decoder('wallclock').decode(message(valid));
    expect(byKafka.kind === 'row' && byKafka.row.hourStartMs).toBe(Date.UTC(2026, 10, 23, 6));
    expect(byClock.kind === 'row' && byClock.row.hourStartMs).toBe(Date.UTC(2026, 10, 23, 7));
  });

  const withoutTime = {
    ...sampleKeywordMatch(2),
    event: { ...sampleKeywordMatch(2).event, created_at: null },
  };
  const wrongTypes = {
    ...sampleKeywordMatch(3),
    event: { ...sampleKeywordMatch(3).event, id: 12345 },
  };

  it.each([
    ['a null value', message(null), 'null_value', /no value/],
    ['an empty value', message(''), 'null_value', /no value/],
    ['a 2 MB record', message('x'.repeat(2 * 1024 * 1024)), 'too_large', /2097152 bytes exceeds/],
    ['invalid UTF-8', message(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 'invalid_utf8', /UTF-8/],
    ['malformed JSON', message('{"event": '), 'malformed_json', /JSON/],
    ['wrong types', message(JSON.stringify(wrongTypes)), 'schema_invalid', /event\.id/],
    ['a missing time field', message(JSON.stringify(withoutTime)), 'missing_time', /event time/],
  ])('dead-letters %s with its reason', (_, input, reason, detail) => {
    const decoded = decoder().decode(input);
    expect(decoded).toMatchObject({ kind: 'dead', reason });
    expect(decoded.kind === 'dead' && decoded.detail).toMatch(detail);
  });
});
