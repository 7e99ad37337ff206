import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { readTopic } from '@tributary/local-stack/testing';
import {
  BRONZE_FILES_TOPIC,
  BronzeFileEvent,
  deadLetterTopic,
  DLQ_HEADERS,
  sampleKeywordMatch,
} from '@tributary/schemas';
import {
  createBucket,
  createTopics,
  expectExactlyOnce,
  highWatermarks,
  kafka,
  ownershipLog,
  produce,
  s3,
  waitAllLanded,
} from './helpers';
import { SinkProcess } from './sink-process';

/**
 * Everything the sink tells the outside world, checked from outside after chaos: three instances,
 * repeated kill -9 with restarts 2–5 s later, bad records of nine kinds, four event-time hours in
 * random order (yesterday evening), and a wave of rows produced after hours were marked.
 */
const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.github.events.matched`;
const bucket = `${ns}-bronze`;
const groupId = `${ns}-group`;
const PARTITIONS = 6;
const RECORDS = Number(process.env.CHAOS_RECORDS ?? 24_000);
const WAVES = 12;
const KILLS = Number(process.env.CHAOS_KILLS ?? 8);
/** Every this many records one is bad. */
const BAD_EVERY = Number(process.env.CHAOS_BAD_EVERY ?? 97);
const HOUR = 3_600_000;
const yesterday = Math.floor((Date.now() - 86_400_000) / 86_400_000) * 86_400_000;
const HOURS = [20, 21, 22, 23].map((hour) => yesterday + hour * HOUR);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line: string) =>
  process.stderr.write(`[chaos ${new Date().toISOString()}] ${line}\n`);

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Nine kinds of record the sink must dead-letter, with the reason it must give. */
const BAD: [string, (n: number) => Message['value']][] = [
  ['malformed_json', () => '{"event": {"id": "1", '],
  ['malformed_json', () => '{"keywords": []}} trailing'],
  ['schema_invalid', (n) => JSON.stringify({ ...sampleKeywordMatch(n), keywords: 'kafka' })],
  [
    'schema_invalid',
    (n) => {
      const match = sampleKeywordMatch(n);
      return JSON.stringify({ ...match, event: { ...match.event, id: n } });
    },
  ],
  ['schema_invalid', () => '[1, 2, 3]'],
  [
    'missing_time',
    (n) => {
      const match = sampleKeywordMatch(n);
      return JSON.stringify({ ...match, event: { ...match.event, created_at: null } });
    },
  ],
  ['too_large', (n) => JSON.stringify({ ...sampleKeywordMatch(n), padding: 'x'.repeat(80_000) })],
  ['invalid_utf8', () => Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ['null_value', () => null],
];

interface Produced {
  messages: Message[];
  good: number;
  badReasons: string[];
}

function records(from: number, count: number, next: () => number): Produced {
  const produced: Produced = { messages: [], good: 0, badReasons: [] };
  for (let n = from; n < from + count; n++) {
    const bad =
      n % BAD_EVERY === 13 % BAD_EVERY ? BAD[Math.floor(n / BAD_EVERY) % BAD.length] : undefined;
    if (bad) {
      produced.messages.push({ key: String(n), value: bad[1](n) });
      produced.badReasons.push(bad[0]);
      continue;
    }
    const hour = HOURS[Math.floor(next() * HOURS.length)]!;
    const time = hour + Math.floor(next() * HOUR);
    produced.messages.push({ key: String(n), value: JSON.stringify(sampleKeywordMatch(n, time)) });
    produced.good += 1;
  }
  return produced;
}

/** From a listing, as the files' times are (HEAD's Last-Modified has whole seconds only). */
async function markerTime(hourStartMs: number): Promise<Date | undefined> {
  const iso = new Date(hourStartMs).toISOString();
  const key = `${topic}/dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}/_SUCCESS`;
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
  return listed.Contents?.find((object) => object.Key === key)?.LastModified;
}

async function filesOf(hourStartMs: number): Promise<{ key: string; at: Date }[]> {
  const iso = new Date(hourStartMs).toISOString();
  const files: { key: string; at: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `${topic}/dt=${iso.slice(0, 10)}/hr=${iso.slice(11, 13)}/`,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key?.endsWith('.parquet'))
        files.push({ key: object.Key, at: object.LastModified! });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return files;
}

async function groupLag(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await highWatermarks(topic);
    return (committed?.partitions ?? []).reduce(
      (sum, { partition, offset }) =>
        sum + Number(ends.get(`${topic}:${partition}`) ?? 0n) - Math.max(0, Number(offset)),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

describe('chaos: three sinks, kill -9 again and again, bad and out-of-order data', () => {
  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], PARTITIONS);
  });

  it('lands every good record once, dead-letters every bad one once, ends with group lag 0 and announces every row that came after its marker', async () => {
    const env: Record<string, string> = {
      SINK_TOPICS: topic,
      SINK_GROUP_ID: groupId,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_RECORDS: '1500',
      SINK_MAX_FILE_AGE_S: '1',
      SINK_SESSION_TIMEOUT_S: '6',
      SINK_MAX_RECORD_BYTES: String(64 * 1024),
      SINK_HOUR_GRACE_S: '60',
      SINK_HOUR_IDLE_S: '5',
      LOG_LEVEL: 'debug',
    };
    const sinks = [new SinkProcess(env), new SinkProcess(env), new SinkProcess(env)];
    try {
      await chaos(sinks);
    } catch (error) {
      // The sinks' claims, revocations, warnings and errors explain a red run.
      throw new Error(`${(error as Error).message}\n${ownershipLog(sinks)}`, { cause: error });
    } finally {
      for (const sink of sinks) await sink.stop('SIGKILL').catch(() => undefined);
    }
  }, 600_000);
});

async function chaos(sinks: SinkProcess[]): Promise<void> {
  for (const sink of sinks) sink.start();
  await Promise.all(sinks.map((sink) => sink.ready()));

  const next = random(2026);
  const perWave = RECORDS / WAVES;
  let good = 0;
  const badReasons: string[] = [];
  const producing = (async () => {
    for (let wave = 0; wave < WAVES - 1; wave++) {
      const produced = records(wave * perWave, perWave, next);
      await produce(topic, produced.messages, 500);
      good += produced.good;
      badReasons.push(...produced.badReasons);
      await sleep(1_500);
    }
  })();

  const kills: string[] = [];
  const restarts: Promise<void>[] = [];
  const restarting = new Set<SinkProcess>();
  const pick = random(7);
  for (let kill = 0; kill < KILLS; kill++) {
    await sleep(2_000 + Math.floor(pick() * 2_000));
    const index = Math.floor(pick() * sinks.length);
    const sink = sinks[index]!;
    if (restarting.has(sink)) continue;
    await sink.stop('SIGKILL');
    const downMs = 2_000 + Math.floor(pick() * 3_000);
    kills.push(`#${index} down ${downMs} ms`);
    restarting.add(sink);
    restarts.push(
      (async () => {
        await sleep(downMs);
        sink.start();
        await sink.ready();
        restarting.delete(sink);
      })(),
    );
  }
  await producing;
  await Promise.all(restarts);
  progress(`kills: ${kills.join(', ')}`);
  await waitAllLanded(bucket, topic);
  progress('all landed; waiting for every hour to be marked');
  await waitUntil(
    'all four hours marked',
    async () => (await Promise.all(HOURS.map(markerTime))).every((at) => at !== undefined),
    { timeoutMs: 90_000, intervalMs: 1_000 },
  );
  // Rows for hours already marked: they must land and be announced as late.
  const lateWave = records((WAVES - 1) * perWave, perWave, next);
  await produce(topic, lateWave.messages, 500);
  good += lateWave.good;
  badReasons.push(...lateWave.badReasons);
  await waitAllLanded(bucket, topic);
  await waitUntil('group lag 0', async () => (await groupLag()) === 0, {
    timeoutMs: 60_000,
    intervalMs: 1_000,
  });
  const commitFailures = (
    await Promise.all(
      sinks.map((sink) => sink.metric('tributary_sink_offset_commit_failures_total')),
    )
  ).reduce((sum, value) => sum + value, 0);
  for (const sink of sinks) expect(await sink.stop('SIGTERM')).toBe(0);

  // Bronze: every good record once.
  await expectExactlyOnce(bucket, topic, 'event_id', good, sinks);

  // Dead letters: every bad record once, with its reason (read committed, as consumers must).
  const letters = await readTopic(deadLetterTopic(topic));
  const positions = letters.map(
    (letter) =>
      `${letter.headers[DLQ_HEADERS.sourcePartition]}:${letter.headers[DLQ_HEADERS.sourceOffset]}`,
  );
  const count = (values: string[]) =>
    values.reduce(
      (map, value) => map.set(value, (map.get(value) ?? 0) + 1),
      new Map<string, number>(),
    );
  expect([...count(positions).values()].filter((n) => n > 1)).toEqual([]);
  expect(letters).toHaveLength(badReasons.length);
  expect(count(letters.map((letter) => letter.headers[DLQ_HEADERS.reason] ?? ''))).toEqual(
    count(badReasons),
  );

  // Group lag 0 (checked above, before the sinks left) and no unannounced row after a marker.
  const events = (await readTopic(BRONZE_FILES_TOPIC))
    .map((message) => BronzeFileEvent.parse(JSON.parse(message.value)))
    .filter((event) => event.topic === topic);
  const late = new Set(events.filter((event) => event.kind === 'late').map((event) => event.uri));
  let afterMarker = 0;
  for (const hour of HOURS) {
    const markedAt = (await markerTime(hour))!;
    for (const file of await filesOf(hour)) {
      if (file.at <= markedAt) continue;
      afterMarker += 1;
      expect(late.has(`s3://${bucket}/${file.key}`)).toBe(true);
    }
  }
  expect(afterMarker).toBeGreaterThan(0);
  progress(
    `figures: ${good} good records landed once; ${badReasons.length} dead letters once each; ` +
      `${kills.length} kills; ${commitFailures} failed offset commits (after restarts: only the ` +
      `current processes' counters); ${afterMarker} files after their marker, all announced late; ` +
      `group lag 0`,
  );
}
