import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  JOBS_POSTINGS,
  sampleJobPosting,
  SCRAPER_SHOT_CHARTS,
  sampleScrapedShot,
  type TopicSpec,
} from '@tributary/schemas';
import type { ChunkEncoding } from '../decode/chunk-compression';
import { ParquetEncoder, ROW_GROUP_ROWS } from './parquet-encoder';
import { decodeBatch, packBatch } from '../decode/record-batch';
import { RecordDecoder } from '../decode/record-decoder';

/** The records as the Arrow chunks the decode threads produce, `batchSize` records per Kafka batch. */
function chunksFor(
  spec: TopicSpec,
  partition: number,
  records: unknown[],
  encoding: ChunkEncoding,
  batchSize = 500,
): Uint8Array[] {
  const decoder = new RecordDecoder(spec, { maxRecordBytes: 1 << 20, timeSource: 'event' });
  const messages = records.map((record, index) => ({
    value: Buffer.from(JSON.stringify(record)),
    offset: String(100 + index),
    timestamp: String(Date.UTC(2026, 10, 23, 4, 59)),
  }));
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < messages.length; start += batchSize) {
    const batch = packBatch(messages.slice(start, start + batchSize), Date.UTC(2026, 10, 23, 5));
    const decoded = decodeBatch(spec, decoder, spec.topic, partition, batch, encoding);
    if (decoded.dead.length > 0) throw new Error(decoded.dead[0]!.detail);
    chunks.push(...decoded.chunks.map((chunk) => chunk.data));
  }
  return chunks;
}

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql.replace('$file', `'${file}'`));
    return reader.getRowObjectsJS();
  } finally {
    connection.closeSync();
  }
}

describe('ParquetEncoder (read back with DuckDB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'encoder-'));

  it.each(['zstd', 'snappy', 'gzip', 'none'] as const)(
    'writes typed columns and metadata with %s',
    async (compression) => {
      const spec = JOBS_POSTINGS as unknown as TopicSpec;
      const postings = [
        sampleJobPosting(1),
        { ...sampleJobPosting(2), salary: null, company: null, remote: null },
      ];
      const encoder = new ParquetEncoder(compression, 'zstd');
      const bytes = await encoder.encode(chunksFor(spec, 3, postings, 'zstd'));
      const file = join(dir, `jobs-${compression}.parquet`);
      writeFileSync(file, bytes);
      await encoder.close();

      const schema = await query(file, 'DESCRIBE SELECT * FROM read_parquet($file)');
      const types = Object.fromEntries(
        schema.map((column) => [column.column_name, column.column_type]),
      );
      expect(types).toMatchObject({
        source: 'VARCHAR',
        salary_min: 'DOUBLE',
        remote: 'BOOLEAN',
        published_at: 'TIMESTAMP WITH TIME ZONE',
        tech_keywords: 'VARCHAR[]',
        _raw: 'VARCHAR',
        _kafka_partition: 'BIGINT',
        _kafka_offset: 'BIGINT',
        _kafka_timestamp: 'TIMESTAMP WITH TIME ZONE',
        _ingested_at: 'TIMESTAMP WITH TIME ZONE',
      });

      const rows = await query(
        file,
        `SELECT source_id, company, salary_min, remote, epoch_ms(published_at) AS published_ms, tech_keywords,
              _kafka_topic, _kafka_partition, _kafka_offset, epoch_ms(_kafka_timestamp) AS kafka_ms, _raw
       FROM read_parquet($file) ORDER BY _kafka_offset`,
      );
      expect(rows).toEqual([
        {
          source_id: '1900001',
          company: 'Company 1',
          salary_min: 90000,
          remote: true,
          published_ms: BigInt(Date.parse(postings[0]!.published_at)),
          tech_keywords: ['kafka', 'spark', 'parquet', 's3'],
          _kafka_topic: 'jobs.postings',
          _kafka_partition: 3n,
          _kafka_offset: 100n,
          kafka_ms: BigInt(Date.UTC(2026, 10, 23, 4, 59)),
          _raw: JSON.stringify(postings[0]),
        },
        expect.objectContaining({
          source_id: '1900002',
          company: null,
          salary_min: null,
          remote: null,
          _kafka_offset: 101n,
        }),
      ]);
    },
  );

  it('writes dates and integers of the shot-chart topic', async () => {
    const spec = SCRAPER_SHOT_CHARTS as unknown as TopicSpec;
    const file = join(dir, 'shots.parquet');
    // Chunks held uncompressed (SINK_BUFFER_COMPRESSION=none).
    const encoder = new ParquetEncoder('zstd', 'none');
    writeFileSync(file, await encoder.encode(chunksFor(spec, 0, [sampleScrapedShot(9)], 'none')));
    await encoder.close();
    const [row] = await query(
      file,
      'SELECT CAST(game_date AS VARCHAR) AS d, game_event_id, shot_made, loc_y FROM read_parquet($file)',
    );
    expect(row).toEqual({ d: '2026-11-22', game_event_id: 9n, shot_made: false, loc_y: 248 });
  });

  it('joins many batches into full row groups and keeps every row in order', async () => {
    const spec = JOBS_POSTINGS as unknown as TopicSpec;
    const count = 2 * ROW_GROUP_ROWS + 1_000;
    const postings = Array.from({ length: count }, (_, n) => sampleJobPosting(n));
    const encoder = new ParquetEncoder('zstd', 'zstd');
    const file = join(dir, 'large.parquet');
    // Kafka-sized batches of 1,500 rows: the writer still cuts row groups of ROW_GROUP_ROWS.
    writeFileSync(file, await encoder.encode(chunksFor(spec, 1, postings, 'zstd', 1_500)));
    await encoder.close();
    const [summary] = await query(
      file,
      'SELECT count(*) AS n, min(_kafka_offset) AS lo, max(_kafka_offset) AS hi, count(DISTINCT source_id) AS ids FROM read_parquet($file)',
    );
    expect(summary).toEqual({
      n: BigInt(count),
      lo: 100n,
      hi: BigInt(100 + count - 1),
      ids: BigInt(count),
    });
    const [misplaced] = await query(
      file,
      'SELECT count(*) AS n FROM read_parquet($file, file_row_number = true) WHERE _kafka_offset <> 100 + file_row_number',
    );
    expect(misplaced).toEqual({ n: 0n });
    const [groups] = await query(
      file,
      'SELECT count(DISTINCT row_group_id) AS g FROM parquet_metadata($file)',
    );
    expect(groups).toEqual({ g: 3n });
  }, 60_000); // 34k rows: seconds when lint and typecheck share the two cores
});
