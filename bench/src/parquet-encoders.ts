import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampTZValue, listValue } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { GITHUB_EVENTS_MATCHED, sampleKeywordMatch, type TopicSpec } from '@tributary/schemas';
import {
  bronzeIPC,
  ParquetEncoder,
  RecordDecoder,
  ROW_GROUP_ROWS,
  type BronzeRow,
} from '@tributary/bronze-sink/encoding';
import { peakRssMiB, round, writeResult } from './lib/report';

/**
 * Encodes the same GitHub-event-shaped rows with each Parquet writer, each in its own process (so
 * peak memory is its own), and reports rows/s, file size and peak RSS relative to parquetjs-lite,
 * the writer the original design named.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const spec = GITHUB_EVENTS_MATCHED as unknown as TopicSpec;
const CANDIDATES = [
  'parquetjs-lite',
  'arrow+parquet-wasm',
  'duckdb-appender',
  'hyparquet-writer',
] as const;
type Candidate = (typeof CANDIDATES)[number];

/** A decoded row, with its raw record also as text for the writers that take strings. */
type Row = BronzeRow & { text: string };

function rows(): Row[] {
  const decoder = new RecordDecoder(spec, { maxRecordBytes: 1 << 20, timeSource: 'event' });
  return Array.from({ length: ROWS }, (_, n) => {
    const text = JSON.stringify(sampleKeywordMatch(n, Date.UTC(2026, 10, 23, 4) + n));
    const decoded = decoder.decode(
      { value: Buffer.from(text), offset: BigInt(n), timestampMs: Date.now() },
      Date.now(),
    );
    if (decoded.kind !== 'row') throw new Error(decoded.detail);
    return { ...decoded.row, text };
  });
}

const column = (name: string) => spec.columns.findIndex((candidate) => candidate.name === name);

async function encode(candidate: Candidate, input: Row[], dir: string): Promise<number> {
  switch (candidate) {
    case 'arrow+parquet-wasm': {
      const encoder = new ParquetEncoder('zstd', 'none');
      const chunks: Uint8Array[] = [];
      for (let start = 0; start < input.length; start += ROW_GROUP_ROWS)
        chunks.push(bronzeIPC(spec, spec.topic, 0, input.slice(start, start + ROW_GROUP_ROWS)));
      const bytes = (await encoder.encode(chunks)).length;
      await encoder.close();
      return bytes;
    }
    case 'hyparquet-writer': {
      const buffer = parquetWriteBuffer({
        columnData: [
          ...spec.columns
            .filter((c) => c.type === 'string')
            .map((c) => ({
              name: c.name,
              data: input.map((row) => row.values[column(c.name)] as string | null),
              type: 'STRING' as const,
            })),
          { name: '_raw', data: input.map((row) => row.text), type: 'STRING' as const },
          { name: '_kafka_offset', data: input.map((row) => row.offset), type: 'INT64' as const },
        ],
      });
      return buffer.byteLength;
    }
    case 'duckdb-appender': {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      await connection.run(
        'CREATE TABLE t (event_id VARCHAR, event_type VARCHAR, created_at TIMESTAMPTZ, repo_name VARCHAR, keywords VARCHAR[], _raw VARCHAR, _kafka_offset BIGINT)',
      );
      const appender = await connection.createAppender('t');
      for (const row of input) {
        appender.appendVarchar(row.values[column('event_id')] as string);
        appender.appendVarchar(row.values[column('event_type')] as string);
        appender.appendTimestampTZ(
          new DuckDBTimestampTZValue(
            BigInt(Date.parse(row.values[column('created_at')] as string)) * 1000n,
          ),
        );
        appender.appendVarchar(row.values[column('repo_name')] as string);
        appender.appendList(listValue(row.values[column('keywords')] as string[]));
        appender.appendVarchar(row.text);
        appender.appendBigInt(row.offset);
        appender.endRow();
      }
      appender.closeSync();
      const file = join(dir, 'duckdb.parquet');
      await connection.run(`COPY t TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
      connection.closeSync();
      return statSync(file).size;
    }
    case 'parquetjs-lite': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const parquet = require('parquetjs-lite') as {
        ParquetSchema: new (fields: Record<string, unknown>) => unknown;
        ParquetWriter: {
          openFile(
            schema: unknown,
            path: string,
            options?: unknown,
          ): Promise<{ appendRow(row: unknown): Promise<void>; close(): Promise<void> }>;
        };
      };
      const schema = new parquet.ParquetSchema({
        event_id: { type: 'UTF8' },
        event_type: { type: 'UTF8', optional: true },
        created_at: { type: 'TIMESTAMP_MILLIS', optional: true },
        repo_name: { type: 'UTF8' },
        keywords: { type: 'UTF8', repeated: true },
        _raw: { type: 'UTF8' },
        _kafka_offset: { type: 'INT64' },
      });
      const file = join(dir, 'parquetjs.parquet');
      const writer = await parquet.ParquetWriter.openFile(schema, file, { compression: 'GZIP' });
      for (const row of input) {
        await writer.appendRow({
          event_id: row.values[column('event_id')],
          event_type: row.values[column('event_type')],
          created_at: new Date(row.values[column('created_at')] as string),
          repo_name: row.values[column('repo_name')],
          keywords: row.values[column('keywords')],
          _raw: row.text,
          _kafka_offset: Number(row.offset),
        });
      }
      await writer.close();
      return statSync(file).size;
    }
  }
}

async function measure(candidate: Candidate): Promise<void> {
  const input = rows();
  const before = peakRssMiB() ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'encoders-'));
  const started = performance.now();
  const bytes = await encode(candidate, input, dir);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      candidate,
      rowsPerSecond: ROWS / seconds,
      bytes,
      peakRssMiB: peakRssMiB(),
      rssBeforeMiB: before,
    }),
  );
}

function main(): void {
  const only = process.argv[2] as Candidate | undefined;
  if (only) {
    void measure(only);
    return;
  }
  const results = CANDIDATES.map((candidate) => {
    const output = execFileSync(process.execPath, [__filename, candidate], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    return JSON.parse(output) as {
      candidate: Candidate;
      rowsPerSecond: number;
      bytes: number;
      peakRssMiB: number;
    };
  });
  const baseline = results[0]!;
  const table = results.map((result) => ({
    ...result,
    throughputRatio: round(result.rowsPerSecond / baseline.rowsPerSecond),
    sizeRatio: round(result.bytes / baseline.bytes),
    peakRssRatio: round(result.peakRssMiB / baseline.peakRssMiB),
  }));
  const lines = table.map(
    (row) =>
      `${row.candidate.padEnd(20)} ${Math.round(row.rowsPerSecond).toString().padStart(8)} rows/s (×${row.throughputRatio})  ` +
      `${(row.bytes / 1e6).toFixed(1).padStart(6)} MB (×${row.sizeRatio})  peak RSS ${Math.round(row.peakRssMiB)} MiB (×${row.peakRssRatio})`,
  );
  writeResult(
    'parquet-encoders',
    { rows: ROWS, baseline: baseline.candidate, results: table },
    [`${ROWS} rows, ratios vs ${baseline.candidate}:`, ...lines].join('\n'),
  );
}

main();
