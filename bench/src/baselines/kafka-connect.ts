import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Admin, Kafka } from 'kafkajs';
import { listObjects, waitUntil } from '@tributary/local-stack';
import { treeRssMiB } from '../lib/report';

/** bench/kafka-connect: the build (pom.xml, src), setup.sh, run.sh and the properties templates. */
const CONNECT_DIR = join(__dirname, '..', '..', 'kafka-connect');
/** Where the connector writes, under the bucket (its `aws.s3.prefix`, then `<topic>/`). */
const PREFIX = 'kafka-connect/';
const POLL_MS = 250;
const STOP_GRACE_MS = 30_000;

export class KafkaConnectBaselineError extends Error {
  readonly code = 'KAFKA_CONNECT_BASELINE_FAILED';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'KafkaConnectBaselineError';
  }
}

export interface KafkaConnectBaselineResult {
  /** Records counted in the files the connector wrote (lines of JSON). */
  records: number;
  files: number;
  megabytes: number;
  /** From the consumer group's first stable assignment to the last file seen in the bucket. */
  copySeconds: number;
  /** From the worker's start (JVM start included) to the last file seen in the bucket. */
  jobSeconds: number;
  peakRssMiB: number;
  /** Records committed by the connector's consumer group at each poll (performance.now() times). */
  progress: { atMs: number; landed: number }[];
}

/** Fills `${NAME}` placeholders; `${env:NAME}` is left for Connect's EnvVarConfigProvider. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new KafkaConnectBaselineError(`no value for the template placeholder \${${name}}`);
    return value;
  });
}

/** What the worker reads: the brokers here, the rest through Connect's EnvVarConfigProvider. */
const REQUIRED_ENV = [
  'TRIBUTARY_KAFKA_BROKERS',
  'TRIBUTARY_S3_ENDPOINT',
  'TRIBUTARY_S3_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;

function brokersFromEnv(): string {
  const missing = REQUIRED_ENV.filter((name) => !process.env[name]);
  if (missing.length > 0)
    throw new KafkaConnectBaselineError(
      `the worker needs ${missing.join(', ')} in the environment`,
    );
  return process.env.TRIBUTARY_KAFKA_BROKERS!;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string')
    throw new KafkaConnectBaselineError('could not pick a free port for the worker');
  return address.port;
}

async function committedRecords(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  // -1: nothing committed yet for that partition (the topic starts at offset 0).
  return (offsets?.partitions ?? []).reduce(
    (sum, entry) => sum + Math.max(0, Number(entry.offset)),
    0,
  );
}

/** JSON lines in every zstd file under `prefix` (non-empty lines), and the files' total size. */
async function countRecords(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ records: number; files: number; bytes: number }> {
  const objects = await listObjects(s3, bucket, prefix);
  let records = 0;
  for (const object of objects) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    const text = zstdDecompressSync(await response.Body!.transformToByteArray());
    for (let at = text.indexOf(0x0a); at !== -1; at = text.indexOf(0x0a, at + 1)) records++;
    // The writer separates lines; the last one has no newline after it.
    if (text.length > 0 && text[text.length - 1] !== 0x0a) records++;
  }
  return {
    records,
    files: objects.length,
    bytes: objects.reduce((sum, object) => sum + object.size, 0),
  };
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGTERM');
  const timer = setTimeout(() => worker.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Baseline (c): what users run instead of the sink — a standalone Kafka Connect worker (Apache Kafka
 * 4.1.1) with an S3 sink on Aiven's connector library, copying every record of `topic` from the
 * beginning into zstd JSON lines under s3://<bucket>/kafka-connect/<topic>/ on the same MinIO (see
 * bench/kafka-connect/pom.xml for why not Parquet). Done when the connector's consumer group has
 * committed the topic's end offsets (the worker commits only after the files are written); then the
 * files are read back and their records counted.
 */
/** Tasks of the connector: `BENCH_CONNECT_TASKS`, at most one per partition. */
const CONNECT_TASKS = Number(process.env.BENCH_CONNECT_TASKS ?? 4);

/** What failed, when the worker reports a failed connector or task (it would never commit again). */
async function failedTasks(restPort: number, name: string): Promise<string | undefined> {
  let status: {
    connector?: { state: string };
    tasks?: { id: number; state: string; trace?: string }[];
  };
  try {
    const response = await fetch(`http://127.0.0.1:${restPort}/connectors/${name}/status`);
    if (!response.ok) return undefined;
    status = (await response.json()) as typeof status;
  } catch {
    return undefined; // The REST server is not up yet.
  }
  const failed = (status.tasks ?? []).filter((task) => task.state === 'FAILED');
  if (status.connector?.state !== 'FAILED' && failed.length === 0) return undefined;
  const traces = failed.map((task) => `task ${task.id}: ${task.trace?.split('\n')[0] ?? ''}`);
  return `the connector or ${failed.length} task(s) failed: ${traces.join('; ')}`;
}

export async function kafkaConnectBaseline(
  kafka: Kafka,
  s3: S3Client,
  topic: string,
  bucket: string,
): Promise<KafkaConnectBaselineResult> {
  const installDir = execFileSync('bash', [join(CONNECT_DIR, 'setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const admin = kafka.admin();
  await admin.connect();
  const workDir = mkdtempSync(join(tmpdir(), 'tributary-kafka-connect-'));
  const name = `${topic}-kafka-connect`;
  // Connect names a sink connector's consumer group after the connector.
  const groupId = `connect-${name}`;
  let worker: ChildProcess | undefined;
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const total = ends.reduce((sum, entry) => sum + Number(entry.high), 0);
    const values: Record<string, string> = {
      KAFKA_BROKERS: brokersFromEnv(),
      OFFSETS_FILE: join(workDir, 'connect.offsets'),
      REST_PORT: String(await freePort()),
      NAME: name,
      // As a user sizes it on this 2-core machine (one task per partition at 128 partitions ran
      // 128 consumers in one 2 GiB heap; two tasks died and never committed).
      TASKS: String(Math.min(ends.length, CONNECT_TASKS)),
      TOPIC: topic,
      BUCKET: bucket,
    };
    const files = ['worker.properties', 's3-sink.properties'].map((file) => {
      const path = join(workDir, file);
      writeFileSync(path, renderTemplate(readFileSync(join(CONNECT_DIR, file), 'utf8'), values));
      return path;
    });

    const started = performance.now();
    const child = spawn('bash', [join(CONNECT_DIR, 'run.sh'), installDir, ...files], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker = child;
    const stderrTail: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail.push(...chunk.toString().split('\n').filter(Boolean));
      stderrTail.splice(0, Math.max(0, stderrTail.length - 40));
    });
    let peak = 0;
    const rssTimer = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRssMiB(child.pid));
    }, 500);

    const progress: { atMs: number; landed: number }[] = [];
    let joinedAt: number | undefined;
    let fileCount = 0;
    let lastFileAt: number | undefined;
    let taskFailure: string | undefined;
    try {
      await waitUntil(
        'Kafka Connect committed every record',
        async () => {
          const now = performance.now();
          if (joinedAt === undefined) {
            const { groups } = await admin.describeGroups([groupId]);
            if (groups[0]?.state === 'Stable') joinedAt = now;
          }
          const count = (await listObjects(s3, bucket, `${PREFIX}${topic}/`)).length;
          if (count !== fileCount) {
            fileCount = count;
            lastFileAt = now;
          }
          taskFailure ??= await failedTasks(Number(values.REST_PORT), name);
          const landed = await committedRecords(admin, groupId, topic);
          progress.push({ atMs: now, landed });
          return landed >= total;
        },
        {
          timeoutMs: 1_800_000,
          intervalMs: POLL_MS,
          isAlive: () => child.exitCode === null && taskFailure === undefined,
        },
      );
    } catch (error) {
      throw new KafkaConnectBaselineError(
        `Kafka Connect did not copy ${total} records${taskFailure ? ` (${taskFailure})` : ''}; worker stderr:\n${stderrTail.join('\n')}`,
        { cause: error },
      );
    } finally {
      clearInterval(rssTimer);
    }
    const end = lastFileAt ?? performance.now();
    const jobSeconds = (end - started) / 1000;
    const copySeconds = (end - (joinedAt ?? started)) / 1000;
    await stopWorker(child);

    const written = await countRecords(s3, bucket, `${PREFIX}${topic}/`);
    if (written.records < total)
      throw new KafkaConnectBaselineError(
        `Kafka Connect committed ${total} records but its files hold ${written.records}`,
      );
    return {
      records: written.records,
      files: written.files,
      megabytes: written.bytes / 1e6,
      copySeconds,
      jobSeconds,
      peakRssMiB: peak,
      progress,
    };
  } finally {
    if (worker) await stopWorker(worker);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    rmSync(workDir, { recursive: true, force: true });
  }
}
