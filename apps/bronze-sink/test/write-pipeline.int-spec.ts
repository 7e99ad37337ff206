import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { sampleKeywordMatch } from '@tributary/schemas';
import {
  createBucket,
  createTopics,
  expectExactlyOnce,
  kafka,
  produce,
  waitAllLanded,
} from './helpers';
import { counterValue, startSink, type RunningSink } from './sink-harness';

const ns = `it-${randomUUID().slice(0, 8)}`;
const bucket = `${ns}-bronze`;
const RECORDS = 40_000;
// Large enough that the first file (written from 3/4 of it) leaves room to consume a few more batches.
const BUDGET = 16 * 1024 * 1024;
// Chunks held as plain Arrow: this repetitive test data shrinks ~17× under zstd, so its 40k rows would
// never reach the budget. Budget and write pipeline count held bytes the same way for both encodings.
const HELD_AS_ARROW = { SINK_BUFFER_COMPRESSION: 'none' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function records(count: number): Message[] {
  return Array.from({ length: count }, (_, n) => ({
    key: String(n % 97),
    value: JSON.stringify(sampleKeywordMatch(n, Date.UTC(2026, 10, 23, 4) + (n % 3_000) * 1000)),
  }));
}

/** Runs `hook` before each upload of a Parquet file the sink sends to MinIO (the request then goes on). */
function beforeParquetUploads(hook: (key: string) => Promise<void>) {
  return (client: S3Client) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        if (context.commandName === 'PutObjectCommand' && key.endsWith('.parquet')) await hook(key);
        return next(args);
      },
      { step: 'initialize', name: 'testParquetUploadHook' },
    );
}

/** The number of rows a bronze file holds, from the offsets in its name. */
function rowsInFileName(key: string): number {
  const [first, last] = key.slice(key.lastIndexOf('+') + 1, -'.parquet'.length).split('-');
  return Number(last) - Number(first) + 1;
}

describe('bronze sink: file writes run beside consumption, within the byte budget', () => {
  let running: RunningSink | undefined;
  /** Lets held uploads go on (so a failed test can still stop its sink). */
  let release = () => {};

  beforeAll(async () => {
    await createBucket(bucket);
  });

  afterEach(async () => {
    release();
    await running?.stop();
    running = undefined;
  });

  it('keeps consuming while a file is uploaded, and stops at the byte budget while none can finish', async () => {
    const topic = `${ns}-held.github.events.matched`;
    const group = `${ns}-held-group`;
    await createTopics([topic], 1);
    await produce(topic, records(RECORDS));
    const held: string[] = [];
    const released = new Promise<void>((resolve) => (release = resolve));
    running = await startSink(
      {
        SINK_TOPICS: topic,
        SINK_GROUP_ID: group,
        TRIBUTARY_S3_BUCKET: bucket,
        SINK_BUFFER_BYTES: String(BUDGET),
        ...HELD_AS_ARROW,
        SINK_MAX_FILE_AGE_S: '600',
        SINK_SESSION_TIMEOUT_S: '6',
      },
      beforeParquetUploads(async (key) => {
        held.push(key);
        await released;
      }),
    );
    const { registry } = running;
    const recordsIn = () => counterValue(registry, 'tributary_sink_records_in_total', { topic });
    await waitUntil('a file upload is held', () => Promise.resolve(held.length > 0), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });

    // Hold the uploads longer than the session timeout; consumption must settle below the topic's end.
    let peakBuffered = 0;
    let settled = -1;
    let previous = -1;
    for (let round = 0; round < 40 && (round < 20 || settled < 0); round++) {
      await sleep(500);
      peakBuffered = Math.max(
        peakBuffered,
        await counterValue(registry, 'tributary_sink_buffered_bytes'),
      );
      const now = await recordsIn();
      settled = now === previous ? now : -1;
      previous = now;
    }
    expect(settled).toBeGreaterThan(rowsInFileName(held[0]!));
    expect(settled).toBeLessThan(RECORDS);
    // The budget plus one fetched batch (2 MiB of JSON per partition, about as much Arrow).
    expect(peakBuffered).toBeGreaterThan(BUDGET / 2);
    expect(peakBuffered).toBeLessThanOrEqual(BUDGET + 3 * 1024 * 1024);

    // Backpressure kept heartbeating: the sink is still the group's one member, nothing was fenced.
    const admin = kafka.admin();
    await admin.connect();
    const {
      groups: [description],
    } = await admin.describeGroups([group]);
    await admin.disconnect();
    expect(description?.state).toBe('Stable');
    expect(description?.members).toHaveLength(1);
    expect(await counterValue(registry, 'tributary_sink_fenced_total')).toBe(0);

    release();
    await waitAllLanded(bucket, topic, 120_000);
    await expectExactlyOnce(bucket, topic, 'event_id', RECORDS, []);
  });

  it('gives up the rows consumed after a failed write and lands them again, exactly once', async () => {
    const topic = `${ns}-failing.github.events.matched`;
    await createTopics([topic], 2);
    await produce(topic, records(RECORDS));
    let uploads = 0;
    let failedKey: string | undefined;
    running = await startSink(
      {
        SINK_TOPICS: topic,
        SINK_GROUP_ID: `${ns}-failing-group`,
        TRIBUTARY_S3_BUCKET: bucket,
        SINK_BUFFER_BYTES: String(BUDGET),
        ...HELD_AS_ARROW,
      },
      beforeParquetUploads(async (key) => {
        // The second upload waits while later rows are consumed and written, then fails for good
        // (not a transient error, so it is not retried).
        if (++uploads !== 2) return;
        await sleep(1_500);
        failedKey = key;
        throw new Error('test: upload refused');
      }),
    );
    await waitAllLanded(bucket, topic, 120_000);
    expect(failedKey).toBeDefined();
    expect(uploads).toBeGreaterThan(3);
    await expectExactlyOnce(bucket, topic, 'event_id', RECORDS, []);
  });
});
