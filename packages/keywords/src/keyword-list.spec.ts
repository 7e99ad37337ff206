import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_KEYWORD_LIST_PATH,
  KEYWORD_CLASSES,
  KeywordListError,
  loadDefaultKeywordList,
  loadKeywordListFile,
  parseKeywordList,
} from './keyword-list';
import { KeywordMatcher } from './keyword-matcher';

/** The code of the KeywordListError `run` throws. */
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof KeywordListError) return error.code;
    throw error;
  }
  return undefined;
}

describe('the shipped list', () => {
  const shipped = loadDefaultKeywordList();
  const raw = JSON.parse(readFileSync(DEFAULT_KEYWORD_LIST_PATH, 'utf8')) as {
    version: string;
    keywords: { name: string; class?: string }[];
  };
  const names = new Set(shipped.keywords.map((entry) => entry.name));

  it('has at least 400 technologies, each classified explicitly, and builds a matcher', () => {
    expect(shipped.keywords.length).toBeGreaterThanOrEqual(400);
    expect(raw.keywords.filter((entry) => entry.class === undefined)).toEqual([]);
    expect(new Set(shipped.keywords.map((entry) => entry.class))).not.toContain('other');
    const matcher = new KeywordMatcher(shipped);
    expect(matcher.match('Deploy the k8s operator written in Rust')).toEqual([
      'kubernetes',
      'rust',
    ]);
  });

  it('names the LLM-era tools and the data-engineering stack', () => {
    const required = [
      ...['langchain', 'llamaindex', 'vllm', 'ollama', 'hugging face', 'openai', 'anthropic'],
      ...['pgvector', 'pinecone', 'weaviate', 'chroma', 'qdrant', 'mlflow', 'ray', 'dspy'],
      ...['kafka', 'kinesis', 'spark', 'flink', 'dbt', 'airflow', 'dagster', 'prefect', 'duckdb'],
      ...['parquet', 'iceberg', 'delta lake', 'hudi', 'trino', 'presto', 'snowflake', 'bigquery'],
      ...['redshift', 'databricks', 'debezium', 'kafka connect', 'minio', 'clickhouse', 'pinot'],
      'druid',
    ];
    expect(required.filter((name) => !names.has(name))).toEqual([]);
  });

  it('keeps every keyword name of the previous version (names land in bronze records)', () => {
    const previous = JSON.parse(
      readFileSync(
        join(__dirname, '..', 'eval', 'baseline', 'technologies-2026-11-23.1.json'),
        'utf8',
      ),
    ) as { version: string; keywords: { name: string }[] };
    expect(previous.keywords.map((entry) => entry.name).filter((name) => !names.has(name))).toEqual(
      [],
    );
    expect(shipped.version).not.toBe(previous.version);
  });

  it('classifies only with the documented classes', () => {
    for (const entry of shipped.keywords) expect(KEYWORD_CLASSES).toContain(entry.class);
  });
});

describe('parseKeywordList', () => {
  it('names the offending field of an invalid list', () => {
    expect(() => parseKeywordList({ version: '', keywords: [] }, 'list.json')).toThrow(
      /list\.json is invalid: version: .*; keywords: /,
    );
    expect(() =>
      parseKeywordList({
        version: '1',
        keywords: [{ name: 'a' }, { name: 'a' }, { name: 'b', matchName: false }],
      }),
    ).toThrow(
      /keywords\.1\.name: duplicate keyword name "a"; keywords\.2: keyword "b" has no term/,
    );
  });

  it('refuses unknown classes and fields, non-ASCII terms and context words without a contextual term', () => {
    const invalid = (entry: Record<string, unknown>) => () =>
      parseKeywordList({ version: '1', keywords: [entry] });
    expect(invalid({ name: 'a', class: 'frameworks' })).toThrow(/keywords\.0\.class/);
    expect(invalid({ name: 'a', alias: ['b'] })).toThrow(/keywords\.0: .*alias/);
    expect(invalid({ name: 'a', aliases: ['naïve'] })).toThrow(
      /keywords\.0\.aliases\.0: must be printable ASCII/,
    );
    expect(invalid({ name: 'a', context: ['sql'] })).toThrow(
      /keywords\.0\.context: keyword "a" has context words but no contextual term they apply to/,
    );
    expect(invalid({ name: 'a', vetoNext: ['b'] })).toThrow(
      /keywords\.0\.vetoNext: keyword "a" has vetoNext words but no contextual term/,
    );
    expect(invalid({ name: 'a', contextual: ['b'], vetoNext: ['Two words'] })).toThrow(
      /keywords\.0\.vetoNext\.0: must be one lower-case word/,
    );
    expect(invalid({ name: 'a' })).not.toThrow();
  });

  it('defaults the class of lists written before classes existed', () => {
    expect(parseKeywordList({ version: '1', keywords: [{ name: 'a' }] }).keywords[0]?.class).toBe(
      'other',
    );
  });

  it('fails with a code and the cause', () => {
    let error: unknown;
    try {
      parseKeywordList({ version: 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KeywordListError);
    expect(error).toMatchObject({ code: 'KEYWORD_LIST_INVALID', retriable: false });
    expect((error as Error).cause).toBeDefined();
    expect(codeOf(() => loadKeywordListFile('/nonexistent/list.json'))).toBe(
      'KEYWORD_LIST_UNREADABLE',
    );
  });
});
