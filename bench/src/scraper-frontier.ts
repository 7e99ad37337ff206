import { randomUUID } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { stackEndpointsFromEnv } from '@tributary/local-stack';
import { createLogger } from '@tributary/runtime';
import { createS3Client } from '@tributary/runtime/aws';
import { KafkaFrontierStore, type PageEntry } from '@tributary/scraper/frontier';
import { percentile, round, writeResult } from './lib/report';

/**
 * Where the scraper's frontier should live (decision 0030), measured on the local stack: the cost of
 * one durable state change and of reading a 10,000-page crawl back at start, for the compacted Kafka
 * topic the scraper uses and for S3 with conditional writes (one snapshot object per crawl, written
 * with If-Match — per-change objects would need a LIST of tens of thousands of keys to read back).
 */
const PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 300);
const log = (line: string) =>
  process.stderr.write(`[bench:scraper-frontier ${new Date().toISOString()}] ${line}\n`);

/** A page record as the scraper writes it: pending with its request (and every fourth one done). */
function pageValue(n: number): PageEntry {
  if (n % 4 === 3) return { state: 'done', outcome: 'parsed', at: Date.now() };
  return {
    state: 'pending',
    request: {
      url: `https://www.basketball-reference.com/boxscores/shot-chart/2024110${n % 10}0BOS.html`,
      callback: 'shot-chart',
      meta: { gameId: `2024110${n % 10}0BOS` },
      conditional: true,
      fingerprint: randomUUID().replaceAll('-', ''),
      depth: 2,
      attempts: 1,
      notBefore: 0,
      redirects: 0,
    },
    at: Date.now(),
  };
}

const latencies = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50), 2), p99Ms: round(percentile(sorted, 99), 2) };
};

async function kafkaFrontier(brokers: string[]) {
  const kafka = new Kafka({ clientId: 'bench-frontier', brokers, logLevel: logLevel.NOTHING });
  const topic = `bench-${randomUUID().slice(0, 8)}.scraper.frontier`;
  const store = await KafkaFrontierStore.connect(
    kafka,
    topic,
    createLogger({ app: 'bench', level: 'warn' }),
  );
  try {
    // One change at a time, each awaited: what a page attempt costs before its request goes out.
    const single: number[] = [];
    for (let n = 0; n < CHANGES; n++) {
      const started = performance.now();
      await store.append([{ key: `page|c|${n}`, value: pageValue(n) }]);
      single.push(performance.now() - started);
    }
    // 16 pages finishing at once, as the engine's slots allow: group commit shares the round trips.
    const concurrentStart = performance.now();
    const concurrent: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        for (let n = 0; n < CHANGES / 4; n++) {
          const started = performance.now();
          await store.append([{ key: `page|c|w${worker}-${n}`, value: pageValue(n) }]);
          concurrent.push(performance.now() - started);
        }
      }),
    );
    const concurrentS = (performance.now() - concurrentStart) / 1000;
    // A crawl of PAGES pages leaves about 4 records per page (queued, attempt, done, domain).
    for (let start = 0; start < PAGES * 4; start += 2_000) {
      await store.append(
        Array.from({ length: 2_000 }, (_, offset) => ({
          key: `page|big|${(start + offset) % PAGES}`,
          value: pageValue(start + offset),
        })),
      );
    }
    const loadStart = performance.now();
    const snapshot = await store.load();
    const loadS = (performance.now() - loadStart) / 1000;
    return {
      store: 'kafka compacted topic',
      singleChange: latencies(single),
      concurrent16: {
        ...latencies(concurrent),
        changesPerS: round(concurrent.length / concurrentS, 0),
      },
      readBack: {
        records: snapshot.records,
        pages: snapshot.pages.get('big')?.size ?? 0,
        seconds: round(loadS, 2),
      },
    };
  } finally {
    await store.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function s3Frontier() {
  const { s3: target } = stackEndpointsFromEnv();
  const s3 = createS3Client(target);
  const bucket = `bench-frontier-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const key = 'frontier/crawl.json';
  try {
    const state = new Map<string, unknown>();
    let etag: string | undefined;
    // Every change rewrites the crawl's snapshot, guarded by If-Match (one writer, fenced).
    const write = async () => {
      const body = JSON.stringify(Object.fromEntries(state));
      const result = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ...(etag ? { IfMatch: etag } : { IfNoneMatch: '*' }),
        }),
      );
      etag = result.ETag;
      return body.length;
    };
    const small: number[] = [];
    for (let n = 0; n < CHANGES; n++) {
      state.set(`page|c|${n}`, pageValue(n));
      const started = performance.now();
      await write();
      small.push(performance.now() - started);
    }
    for (let n = 0; n < PAGES; n++) state.set(`page|big|${n}`, pageValue(n));
    const large: number[] = [];
    let bytes = 0;
    for (let n = 0; n < 20; n++) {
      state.set(`page|big|${n}`, pageValue(n + 1));
      const started = performance.now();
      bytes = await write();
      large.push(performance.now() - started);
    }
    const loadStart = performance.now();
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const loaded = JSON.parse(await object.Body!.transformToString()) as Record<string, unknown>;
    const loadS = (performance.now() - loadStart) / 1000;
    return {
      store: 's3 snapshot with If-Match',
      singleChangeSmallCrawl: latencies(small),
      singleChangeAt10kPages: { ...latencies(large), snapshotMiB: round(bytes / 1048576, 2) },
      readBack: { pages: Object.keys(loaded).length, seconds: round(loadS, 2) },
    };
  } finally {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  }
}

/** `bench:scraper frontier`. */
export async function runFrontierBench(kafkaBrokers: string[]): Promise<void> {
  const kafka = await kafkaFrontier(kafkaBrokers);
  log(JSON.stringify(kafka));
  const s3 = await s3Frontier();
  log(JSON.stringify(s3));
  writeResult(
    'scraper-frontier',
    { pages: PAGES, changes: CHANGES, kafka, s3 },
    `${JSON.stringify(kafka)}\n${JSON.stringify(s3)}`,
  );
}
