import type { BronzeType } from './bronze';
import { bronzeFileName, bronzeHourPrefix } from './bronze';
import { sampleRecord } from './samples';
import { deadLetterTopic, TOPIC_REGISTRY, topicSpec } from './topics';

function matchesType(type: BronzeType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int64':
      return Number.isSafeInteger(value);
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'string_list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

describe('topic registry', () => {
  it('has unique topics and column names that do not clash with the metadata columns', () => {
    const topics = TOPIC_REGISTRY.map((spec) => spec.topic);
    expect(new Set(topics).size).toBe(topics.length);
    for (const spec of TOPIC_REGISTRY) {
      const names = spec.columns.map((column) => column.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.some((name) => name.startsWith('_'))).toBe(false);
    }
  });

  it.each(TOPIC_REGISTRY.map((spec) => [spec.topic, spec] as const))(
    '%s: a sample validates and every column extracts a value of its type',
    (topic, spec) => {
      const record = spec.schema.parse(sampleRecord(topic, 7));
      for (const column of spec.columns) {
        const value = column.value(record);
        if (value === null) expect(column.nullable).toBe(true);
        else
          expect({ column: column.name, ok: matchesType(column.type, value) }).toEqual({
            column: column.name,
            ok: true,
          });
      }
      expect(spec.key(record).length).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(spec.eventTime(record) ?? ''))).toBe(false);
    },
  );

  it('finds specs by topic and names dead-letter topics', () => {
    expect(topicSpec('jobs.postings')?.schemaName).toBe('jobs.posting');
    expect(topicSpec('nope')).toBeUndefined();
    expect(topicSpec('staging.jobs.postings')?.topic).toBe('jobs.postings');
    expect(topicSpec('a.b.jobs.postings')).toBeUndefined();
    expect(topicSpec('Bad_NS.jobs.postings')).toBeUndefined();
    expect(deadLetterTopic('jobs.postings')).toBe('jobs.postings.dlq');
  });
});

describe('bronze layout', () => {
  it('builds Hive-style UTC hour prefixes and offset-sorted file names', () => {
    expect(bronzeHourPrefix('jobs.postings', Date.UTC(2026, 0, 5, 7, 59))).toBe(
      'jobs.postings/dt=2026-01-05/hr=07/',
    );
    expect(bronzeFileName('jobs.postings', 2, 9n, 120n)).toBe(
      'jobs.postings+2+00000000000000000009-00000000000000000120.parquet',
    );
  });
});
