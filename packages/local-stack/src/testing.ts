import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AppLaunch } from '@tributary/runtime/launch';
import { Kafka, logLevel, type IHeaders, type Message } from 'kafkajs';
import { REPO_ROOT } from './config';
import { stackEndpointsFromEnv } from './endpoints';
import { ServiceProcess } from './service-process';
import { waitUntil } from './wait';

/**
 * What integration tests of every app share: names that keep a suite's topics, groups and buckets
 * apart (so tests never clean up after each other), and small Kafka helpers against the stack.
 */

/** A namespace that keeps this suite's topics, group and bucket apart from every other run. */
export function uniqueName(prefix = 'it'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

let client: Kafka | undefined;

/** A Kafka client for the stack the tests run against (quiet: tests assert, they do not log). */
export function testKafka(): Kafka {
  client ??= new Kafka({
    clientId: 'tributary-test',
    brokers: stackEndpointsFromEnv().kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  return client;
}

export async function createTopics(topics: string[], numPartitions: number): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces in batches with an idempotent producer; returns how many were acknowledged. */
export async function produce(
  topic: string,
  messages: Message[],
  batchSize = 2_000,
): Promise<number> {
  const producer = testKafka().producer({ idempotent: true, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += batchSize) {
      await producer.send({ topic, acks: -1, messages: messages.slice(start, start + batchSize) });
    }
  } finally {
    await producer.disconnect();
  }
  return messages.length;
}

/** Each partition's high watermark, keyed `topic:partition`. */
export async function highWatermarks(topic: string): Promise<Map<string, bigint>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((entry) => [`${topic}:${entry.partition}`, BigInt(entry.high)]));
  } finally {
    await admin.disconnect();
  }
}

export interface TopicMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

function headerMap(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [
      name,
      (Array.isArray(value) ? value[0] : value)?.toString() ?? '',
    ]),
  );
}

/** Every message in `topic` now (reads each partition up to its current high watermark). */
export async function readTopic(topic: string, timeoutMs = 60_000): Promise<TopicMessage[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const pending = new Map(
    offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]),
  );
  const messages: TopicMessage[] = [];
  if (pending.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  // Read committed (kafkajs's default), as consumers of a transactional topic must. A partition's last
  // offsets may be transaction markers, which reach no eachMessage: the end-of-batch event carries each
  // batch's last offset, markers included.
  // A fetch that returned nothing reports the high watermark as its last offset: it says nothing.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const high = pending.get(payload.partition);
    if (high === undefined || payload.firstOffset === null) return;
    if (BigInt(payload.lastOffset) >= high - 1n) pending.delete(payload.partition);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const high = pending.get(partition);
      if (high === undefined || BigInt(message.offset) >= high) return;
      messages.push({
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers: headerMap(message.headers),
        partition,
        offset: message.offset,
      });
      await Promise.resolve();
    },
  });
  await waitUntil(`reading ${topic}`, () => Promise.resolve(pending.size === 0), { timeoutMs });
  await consumer.disconnect();
  return messages;
}

/**
 * What a service process needs to reach the stack the tests run against: Kafka, S3 and Kinesis
 * endpoints, region and credentials, and quiet logs. Tests add their own names on top.
 */
export function stackServiceEnv(): Record<string, string> {
  const { kafkaBrokers, s3, kinesis } = stackEndpointsFromEnv();
  return {
    TRIBUTARY_KAFKA_BROKERS: kafkaBrokers.join(','),
    TRIBUTARY_S3_REGION: s3.region,
    ...(s3.endpoint ? { TRIBUTARY_S3_ENDPOINT: s3.endpoint } : {}),
    ...(kinesis.endpoint ? { TRIBUTARY_KINESIS_ENDPOINT: kinesis.endpoint } : {}),
    TRIBUTARY_KINESIS_REGION: kinesis.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId ?? 'local',
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey ?? 'local',
    AWS_REGION: s3.region,
    LOG_LEVEL: 'warn',
  };
}

const NO_LAUNCH: AppLaunch = { nodeArgs: [], env: {} };

/**
 * A built app of this repo (`main` relative to the repo root) as its own process against the test
 * stack, started as its launch file says (`src/launch.ts`: node flags and environment defaults);
 * `env` goes on top of `stackServiceEnv()`.
 */
export function appProcess(
  name: string,
  main: string,
  env: Record<string, string>,
  launch: AppLaunch = NO_LAUNCH,
): ServiceProcess {
  return new ServiceProcess(
    name,
    join(REPO_ROOT, main),
    { ...launch.env, ...stackServiceEnv(), ...env },
    undefined,
    [],
    launch.nodeArgs,
  );
}

/**
 * Runs a built entry point to its end with only `env` (and PATH): how start-up checks are tested
 * (bad config exits 78, bad arguments 64), as an operator would see them.
 */
export function runToExit(main: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/**
 * What Prometheus's own linter (`promtool check metrics`, installed with the local stack's
 * Prometheus) says about a `/metrics` page: one line per problem, none when the names are clean.
 */
export function promtoolProblems(metricsText: string): string[] {
  const result = spawnSync('promtool', ['check', 'metrics'], {
    input: metricsText,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
