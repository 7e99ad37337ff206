import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sampleKeywordMatch, topicSpec } from '@tributary/schemas';
import {
  decodeBatch,
  NativeBatchDecoder,
  nativeProgram,
  packBatch,
  ParquetEncoder,
  RecordDecoder,
  type BatchMessage,
} from '@tributary/bronze-sink/encoding';
import { round, runBench, writeResult } from './lib/report';

/**
 * bench/sink-decode: the sink's per-record work measured alone, in one process, on the same records
 * as bench:sink (~1.2 KB GitHub keyword matches): CPU µs per record of
 * - decoding (parse + validate + typed columns + Arrow IPC + zstd-held chunk), JavaScript vs native;
 * - writing held chunks as Parquet (zstd, 8,192-row groups), parquet-wasm vs the native writer;
 * - DuckDB (`@duckdb/node-api`, one thread) reading the same values as text, extracting the typed
 *   columns with its JSON functions and writing zstd Parquet: no zod rules, a lower bound for it.
 * Candidates run interleaved, ROUNDS times each; CPU is the whole process's (worker threads included).
 */
const N = Number(process.env.BENCH_RECORDS ?? 200_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_700); // ~2 MiB fetches of ~1.2 KB records
const FILE_ROWS = Number(process.env.BENCH_FILE_ROWS ?? 65_000); // bench:sink's files hold 62–71k rows
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TOPIC = 'github.events.matched';
const spec = topicSpec(TOPIC)!;
const options = { maxRecordBytes: 1024 * 1024, timeSource: 'event' } as const;

function cpuMicros(run: () => void | Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  return Promise.resolve(run()).then(() => {
    const used = process.cpuUsage(start);
    return used.user + used.system;
  });
}

function messages(): BatchMessage[][] {
  const batches: BatchMessage[][] = [];
  for (let start = 0; start < N; start += BATCH) {
    batches.push(
      Array.from({ length: Math.min(BATCH, N - start) }, (_, i) => {
        const n = start + i;
        return {
          value: Buffer.from(
            JSON.stringify(sampleKeywordMatch(n, Date.UTC(2026, 10, 23, 4) + (n % 3_600_000))),
          ),
          offset: String(n),
          timestamp: String(Date.UTC(2026, 10, 23, 5) + n),
        };
      }),
    );
  }
  return batches;
}

type Decode = (batch: BatchMessage[]) => Uint8Array[];

function decoders(): Record<'js' | 'native', Decode> {
  const support = nativeProgram(spec);
  if (!support.native) throw new Error(`${TOPIC} has no native program: ${support.reason}`);
  const jsDecoder = new RecordDecoder(spec, options);
  const native = new NativeBatchDecoder(
    spec,
    support.program,
    new RecordDecoder(spec, options),
    options,
    'zstd',
  );
  return {
    js: (batch) =>
      decodeBatch(spec, jsDecoder, TOPIC, 0, packBatch(batch, Date.now()), 'zstd').chunks.map(
        (chunk) => chunk.data,
      ),
    native: (batch) =>
      native
        .decode(TOPIC, 0, packBatch(batch, Date.now()))
        .decoded.chunks.map((chunk) => chunk.data),
  };
}

/** Held chunks grouped into files of about FILE_ROWS rows, as the sink's flushes group them. */
function files(chunks: Uint8Array[], rowsPerChunk: number): Uint8Array[][] {
  const perFile = Math.max(1, Math.round(FILE_ROWS / rowsPerChunk));
  const grouped: Uint8Array[][] = [];
  for (let start = 0; start < chunks.length; start += perFile)
    grouped.push(chunks.slice(start, start + perFile));
  return grouped;
}

const DUCKDB_COLUMNS = `
  json_extract_string(line, '$.event.id') AS event_id,
  json_extract_string(line, '$.event.type') AS event_type,
  CAST(json_extract_string(line, '$.event.created_at') AS TIMESTAMPTZ) AS created_at,
  json_extract_string(line, '$.event.actor.login') AS actor_login,
  CAST(json_extract(line, '$.event.repo.id') AS BIGINT) AS repo_id,
  json_extract_string(line, '$.event.repo.name') AS repo_name,
  json_extract_string(line, '$.event.org.login') AS org_login,
  CAST(json_extract(line, '$.event.public') AS BOOLEAN) AS is_public,
  CAST(json_extract(line, '$.keywords') AS VARCHAR[]) AS keywords,
  json_extract_string(line, '$.keyword_list_version') AS keyword_list_version,
  line AS _raw`;

async function duckdbRound(batches: BatchMessage[][], dir: string): Promise<number> {
  const input = join(dir, 'records.ndjson');
  writeFileSync(
    input,
    batches
      .flat()
      .map((m) => (m.value as Buffer).toString('utf8'))
      .join('\n'),
  );
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await cpuMicros(async () => {
      await connection.run(`COPY (
        SELECT ${DUCKDB_COLUMNS}
        FROM read_csv('${input}', columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false, auto_detect = false)
        WHERE json_valid(line)
      ) TO '${join(dir, 'out.parquet')}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 8192)`);
    });
  } finally {
    connection.closeSync();
  }
}

async function main(): Promise<void> {
  const batches = messages();
  const bytes = batches.flat().reduce((sum, m) => sum + (m.value as Buffer).length, 0);
  const decode = decoders();
  const decodeMicros: Record<string, number[]> = { js: [], native: [] };
  const writeMicros: Record<string, number[]> = { js: [], native: [] };
  const duckdbMicros: number[] = [];
  const fileBytes: Record<string, number> = {};
  const dir = mkdtempSync(join(tmpdir(), 'bench-sink-decode-'));
  const encoders = {
    js: new ParquetEncoder('zstd', 'zstd', 'js'),
    native: new ParquetEncoder('zstd', 'zstd', 'native'),
  };
  try {
    // Warm-up: JIT, the threads' first allocations, DuckDB's extension loading.
    for (const name of ['js', 'native'] as const) {
      const warm = batches.slice(0, 10).flatMap((batch) => decode[name](batch));
      await encoders[name].encode(warm);
    }
    await duckdbRound(batches.slice(0, 10), dir);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ['js', 'native'] as const) {
        let chunks: Uint8Array[] = [];
        decodeMicros[name]!.push(
          await cpuMicros(() => {
            for (const batch of batches) chunks.push(...decode[name](batch));
          }),
        );
        // Each writer gets the chunks of the decoder of the same name (the sink pairs them too).
        const grouped = files(chunks, BATCH);
        chunks = [];
        let written = 0;
        writeMicros[name]!.push(
          await cpuMicros(async () => {
            for (const file of grouped) written += (await encoders[name].encode(file)).byteLength;
          }),
        );
        fileBytes[name] = written;
      }
      duckdbMicros.push(await duckdbRound(batches, dir));
      process.stderr.write(`[bench:sink-decode] round ${round + 1} of ${ROUNDS} done\n`);
    }
  } finally {
    await Promise.all([encoders.js.close(), encoders.native.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
  const perRecord = (micros: number[]) => micros.map((value) => round(value / N, 2));
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = {
    records: N,
    averageRecordBytes: round(bytes / N),
    batchRecords: BATCH,
    fileRows: FILE_ROWS,
    rounds: ROUNDS,
    cpuMicrosPerRecord: {
      decodeJs: perRecord(decodeMicros.js!),
      decodeNative: perRecord(decodeMicros.native!),
      parquetWasm: perRecord(writeMicros.js!),
      parquetNative: perRecord(writeMicros.native!),
      duckdbExtractAndParquet: perRecord(duckdbMicros),
    },
    parquetBytes: fileBytes,
  };
  const m = (values: number[]) => round(median(values), 2);
  const c = result.cpuMicrosPerRecord;
  const summary = [
    `bench:sink-decode — ${N} records (~${Math.round(bytes / N)} B) in batches of ${BATCH}, files of ~${FILE_ROWS} rows, ${ROUNDS} interleaved rounds (CPU µs/record, median)`,
    `  decode (parse, validate, columns, Arrow, zstd)   js ${m(c.decodeJs)}   native ${m(c.decodeNative)}   (×${round(median(c.decodeJs) / median(c.decodeNative), 1)})`,
    `  Parquet from held chunks (zstd, 8,192-row groups) parquet-wasm ${m(c.parquetWasm)}   native ${m(c.parquetNative)}   (×${round(median(c.parquetWasm) / median(c.parquetNative), 1)})`,
    `  together                                         js ${round(median(c.decodeJs) + median(c.parquetWasm), 2)}   native ${round(median(c.decodeNative) + median(c.parquetNative), 2)}`,
    `  DuckDB, 1 thread: text → JSON columns → Parquet (no schema rules)   ${m(c.duckdbExtractAndParquet)}`,
  ].join('\n');
  writeResult('sink-decode', result, summary);
}

runBench(main);
