import { tableFromIPC } from 'apache-arrow';
import { GITHUB_EVENTS_MATCHED, sampleKeywordMatch, type TopicSpec } from '@tributary/schemas';
import { decodeChunk, type ChunkEncoding } from './chunk-compression';
import { DecodePool } from '../threads/decode-pool';
import { decodeBatch, packBatch, type BatchMessage, type DecodedBatch } from './record-batch';
import { RecordDecoder } from './record-decoder';

const spec = GITHUB_EVENTS_MATCHED as unknown as TopicSpec;
const topic = spec.topic;
const hour4 = Date.UTC(2026, 10, 23, 4);
const hour5 = Date.UTC(2026, 10, 23, 5);
const receivedAt = Date.UTC(2026, 10, 23, 5, 30);
const options = { maxRecordBytes: 4096, timeSource: 'event' } as const;
const threadOptions = { ...options, bufferCompression: 'zstd' } as const;

/** Offsets 10…: valid records across two hours, with a tombstone, bad JSON and an oversized one among them. */
function messages(): BatchMessage[] {
  const values: (string | null)[] = [
    JSON.stringify(sampleKeywordMatch(1, hour4 + 1_000)),
    null,
    JSON.stringify(sampleKeywordMatch(2, hour5 + 2_000)),
    '{"event":',
    JSON.stringify(sampleKeywordMatch(3, hour4 + 3_000)),
    'x'.repeat(5000),
    JSON.stringify(sampleKeywordMatch(4, hour5 + 4_000)),
  ];
  return values.map((value, index) => ({
    value: value === null ? null : Buffer.from(value),
    offset: String(10 + index),
    timestamp: String(hour5 + index),
  }));
}

function expectDecoded(decoded: DecodedBatch, encoding: ChunkEncoding): void {
  expect(decoded.dead).toEqual([
    { index: 1, reason: 'null_value', detail: expect.any(String) },
    { index: 3, reason: 'malformed_json', detail: expect.any(String) },
    { index: 5, reason: 'too_large', detail: expect.stringContaining('5000 bytes') },
  ]);
  expect(decoded.chunks.map(({ data: _, ...chunk }) => chunk)).toEqual([
    {
      hourStartMs: hour4,
      rows: 2,
      firstOffset: 10n,
      lastOffset: 14n,
      maxTimeMs: hour4 + 3_000,
      maxKafkaMs: hour5 + 4,
    },
    {
      hourStartMs: hour5,
      rows: 2,
      firstOffset: 12n,
      lastOffset: 16n,
      maxTimeMs: hour5 + 4_000,
      maxKafkaMs: hour5 + 6,
    },
  ]);
  const table = tableFromIPC(decodeChunk(decoded.chunks[1]!.data, encoding));
  const rows = table.toArray().map((row: Record<string, unknown>) => ({
    event_id: row.event_id,
    offset: row._kafka_offset,
    partition: row._kafka_partition,
    ingested: row._ingested_at,
    raw: row._raw,
  }));
  expect(rows).toEqual([
    {
      event_id: '40000000002',
      offset: 12n,
      partition: 7n,
      ingested: receivedAt,
      raw: JSON.stringify(sampleKeywordMatch(2, hour5 + 2_000)),
    },
    expect.objectContaining({ event_id: '40000000004', offset: 16n }),
  ]);
}

describe('decodeBatch', () => {
  it.each(['none', 'zstd'] as const)(
    'splits the valid rows by hour as Arrow (held as %s) and names each dead letter by its position',
    (encoding) => {
      const decoded = decodeBatch(
        spec,
        new RecordDecoder(spec, options),
        topic,
        7,
        packBatch(messages(), receivedAt),
        encoding,
      );
      expectDecoded(decoded, encoding);
    },
  );

  it('holds zstd chunks in a fraction of the Arrow bytes', () => {
    const many = Array.from({ length: 200 }, (_, n) => ({
      value: Buffer.from(JSON.stringify(sampleKeywordMatch(n, hour4 + n))),
      offset: String(n),
      timestamp: String(hour4 + n),
    }));
    const sizes = (['none', 'zstd'] as const).map((encoding) => {
      const decoder = new RecordDecoder(spec, options);
      const batch = packBatch(many, receivedAt);
      return decodeBatch(spec, decoder, topic, 0, batch, encoding).chunks[0]!.data.byteLength;
    });
    expect(sizes[1]).toBeLessThan(sizes[0]! / 4);
  });
});

describe('DecodePool', () => {
  it('decodes on its threads, with the same result', async () => {
    const pool = new DecodePool(2, threadOptions);
    try {
      const results = await Promise.all(
        [1, 2, 3].map(() => pool.decode(topic, 7, messages(), receivedAt)),
      );
      for (const decoded of results) expectDecoded(decoded, 'zstd');
    } finally {
      await pool.close();
    }
  });

  it('fails the batch, not the process, for a topic it does not know', async () => {
    const pool = new DecodePool(1, threadOptions);
    try {
      await expect(pool.decode('no.such.topic', 0, messages(), receivedAt)).rejects.toThrow(
        /not registered/,
      );
      await expect(pool.decode(topic, 7, messages(), receivedAt)).resolves.toBeDefined();
    } finally {
      await pool.close();
    }
  });

  it('fails the batches of a thread that dies and replaces the thread', async () => {
    const pool = new DecodePool(1, threadOptions);
    try {
      const { threads } = pool as unknown as {
        threads: { worker: { terminate(): Promise<number> } }[];
      };
      // As if the thread died (out of memory) with a batch in hand.
      const dying = threads[0]!.worker.terminate();
      const pending = pool.decode(topic, 7, messages(), receivedAt);
      await dying;
      await expect(pending).rejects.toThrow(/exited/);
      expectDecoded(await pool.decode(topic, 7, messages(), receivedAt), 'zstd');
    } finally {
      await pool.close();
    }
  });
});
