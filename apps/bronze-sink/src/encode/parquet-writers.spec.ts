import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { GITHUB_EVENTS_MATCHED, sampleKeywordMatch, type TopicSpec } from '@tributary/schemas';
import type { ChunkEncoding } from '../decode/chunk-compression';
import { decodeBatch, packBatch } from '../decode/record-batch';
import { RecordDecoder } from '../decode/record-decoder';
import { ParquetEncoder, ROW_GROUP_ROWS } from './parquet-encoder';

/*
 * The native Parquet writer (SINK_DECODER=native) against parquet-wasm (js) on the same held chunks:
 * the same schema, the same rows, the same row groups, read back by DuckDB.
 */

const spec = GITHUB_EVENTS_MATCHED as unknown as TopicSpec;
const dir = mkdtempSync(join(tmpdir(), 'writers-'));

function chunks(count: number, encoding: ChunkEncoding): Uint8Array[] {
  const decoder = new RecordDecoder(spec, { maxRecordBytes: 1 << 20, timeSource: 'event' });
  const out: Uint8Array[] = [];
  for (let start = 0; start < count; start += 1_500) {
    const messages = Array.from({ length: Math.min(1_500, count - start) }, (_, i) => {
      const record = sampleKeywordMatch(start + i, Date.UTC(2026, 10, 23, 4, 0, (start + i) % 60));
      if (i % 7 === 0) delete (record.event as { org?: unknown }).org;
      if (i % 11 === 0) record.event.type = null;
      return {
        value: Buffer.from(JSON.stringify(record)),
        offset: String(start + i),
        timestamp: String(Date.UTC(2026, 10, 23, 5) + i),
      };
    });
    const decoded = decodeBatch(spec, decoder, spec.topic, 2, packBatch(messages, 1), encoding);
    out.push(...decoded.chunks.map((chunk) => chunk.data));
  }
  return out;
}

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql.replaceAll('$file', `'${file}'`))).getRowObjectsJS();
  } finally {
    connection.closeSync();
  }
}

async function write(
  writer: 'native' | 'js',
  compression: 'zstd' | 'snappy' | 'gzip' | 'none',
  encoding: ChunkEncoding,
  count: number,
): Promise<string> {
  const encoder = new ParquetEncoder(compression, encoding, writer);
  try {
    const file = join(dir, `${writer}-${compression}-${encoding}-${count}.parquet`);
    writeFileSync(file, await encoder.encode(chunks(count, encoding)));
    return file;
  } finally {
    await encoder.close();
  }
}

describe('native Parquet writer against parquet-wasm', () => {
  it.each([
    ['zstd', 'zstd', 2 * ROW_GROUP_ROWS + 500],
    ['snappy', 'none', 600],
    ['gzip', 'zstd', 300],
    ['none', 'none', 300],
  ] as const)(
    'writes the same file content with %s (chunks held as %s)',
    async (compression, encoding, count) => {
      const native = await write('native', compression, encoding, count);
      const js = await write('js', compression, encoding, count);
      const schema = (file: string) =>
        query(
          file,
          'SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema($file)',
        );
      expect(await schema(native)).toEqual(await schema(js));
      const groups = (file: string) =>
        query(
          file,
          'SELECT row_group_id, row_group_num_rows, compression FROM parquet_metadata($file) WHERE column_id = 0 ORDER BY 1',
        );
      expect(await groups(native)).toEqual(await groups(js));
      const rows = (file: string) =>
        query(file, 'SELECT * FROM read_parquet($file) ORDER BY _kafka_offset');
      const nativeRows = await rows(native);
      expect(nativeRows).toHaveLength(count);
      expect(nativeRows).toEqual(await rows(js));
    },
  );
});
