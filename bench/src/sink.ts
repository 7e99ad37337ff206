import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import {
  listObjects,
  loadStackConfig,
  stackEndpointsFromEnv,
  stackUp,
  readStackEnv,
  waitUntil,
} from '@tributary/local-stack';
import { createS3Client } from '@tributary/runtime/aws';
import { untilKafkaSettles } from '@tributary/runtime/kafka';
import { BronzeFileEvent, BRONZE_FILES_TOPIC, sampleKeywordMatch } from '@tributary/schemas';
import { LAUNCH as SINK_LAUNCH } from '@tributary/bronze-sink/launch';
import { kafkaConnectBaseline } from './baselines/kafka-connect';
import { deleteRunData } from './lib/cleanup';
import {
  peakRssMiB,
  percentile,
  round,
  threadCpuSeconds,
  treeRssMiB,
  runBench,
  writeResult,
} from './lib/report';

/**
 * bench/sink: N realistic ~1 KB records through Kafka into bronze.
 * - throughput: records pre-produced, then one sink process lands them all; records/s, MB/s, peak RSS
 * - baseline (a): the same kafkajs consumer settings reading the same records and writing nothing
 * - latency: records produced at a steady rate while the sink runs; produce → committed file, p50/p99
 */
const N = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 4);
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 5_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const RUN_SPARK = process.env.BENCH_SPARK !== '0';
const RUN_KAFKA_CONNECT = process.env.BENCH_KAFKA_CONNECT !== '0';
const THROUGHPUT_AGE_S = process.env.BENCH_THROUGHPUT_AGE_S ?? '5';
// Beside the launch module in the sink's dist/ (its exports map does not expose package.json).
const SINK_MAIN = join(dirname(require.resolve('@tributary/bronze-sink/launch')), 'main.js');
const log = (line: string) =>
  process.stderr.write(`[bench:sink ${new Date().toISOString()}] ${line}\n`);

async function endpoints() {
  if (!process.env.TRIBUTARY_KAFKA_BROKERS) {
    const config = loadStackConfig();
    await stackUp(config, log);
    Object.assign(process.env, readStackEnv(config));
  }
  return stackEndpointsFromEnv();
}

function record(n: number, timeMs: number): Message {
  return {
    key: `org-${n % 50}/project-${n % 500}`,
    value: JSON.stringify(sampleKeywordMatch(n, timeMs)),
  };
}

async function produceAll(kafka: Kafka, topic: string, count: number): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let bytes = 0;
  const batch = 5_000;
  for (let start = 0; start < count; start += batch) {
    const messages = Array.from({ length: Math.min(batch, count - start) }, (_, i) =>
      record(start + i, Date.UTC(2026, 10, 23, 4) + ((start + i) % 3_600_000)),
    );
    for (const message of messages) bytes += Buffer.byteLength(message.value as string);
    await producer.send({ topic, acks: -1, messages, compression: 0 });
  }
  await producer.disconnect();
  return bytes;
}

const MEMORY_SERIES = [
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_external_memory_bytes',
  'tributary_sink_encoder_wasm_bytes',
  'tributary_sink_encoder_heap_bytes',
  'tributary_sink_decoder_heap_bytes',
] as const;

/**
 * Highest value of each memory series on the sink's /metrics, sampled every 500 ms: tells the main
 * thread's heap apart from Buffers/ArrayBuffers (external) and the encoder's WebAssembly memory.
 */
function watchSinkMetrics(
  port: number,
  pid: number,
): () => {
  peaksMiB: Record<string, number>;
  firstRecordAt: number | undefined;
  cpuSecondsFromFirstRecord: number | undefined;
  threadCpuSecondsFromFirstRecord: Record<string, number>;
} {
  const peaksMiB: Record<string, number> = {};
  let firstRecordAt: number | undefined;
  let threadsAtFirstRecord: Record<string, number> = {};
  let cpuAtFirstRecord: number | undefined;
  let cpuLatest: number | undefined;
  const timer = setInterval(() => {
    fetch(`http://127.0.0.1:${port}/metrics`)
      .then((response) => response.text())
      .then((text) => {
        const lines = text.split('\n');
        const cpu = lines.find((line) => line.startsWith('process_cpu_seconds_total{'));
        if (cpu) cpuLatest = Number(cpu.slice(cpu.lastIndexOf(' ') + 1));
        for (const line of lines) {
          const value = Number(line.slice(line.lastIndexOf(' ') + 1));
          if (line.startsWith('tributary_sink_records_in_total{') && value > 0 && !firstRecordAt) {
            firstRecordAt = performance.now();
            cpuAtFirstRecord = cpuLatest;
            threadsAtFirstRecord = threadCpuSeconds(pid);
          }
          const name = MEMORY_SERIES.find(
            (series) => line.startsWith(`${series}{`) || line.startsWith(`${series} `),
          );
          if (name) peaksMiB[name] = Math.max(peaksMiB[name] ?? 0, Math.round(value / 1024 / 1024));
        }
      })
      .catch(() => undefined);
  }, 250);
  return () => {
    clearInterval(timer);
    const threadsNow = threadCpuSeconds(pid);
    const threadCpuSecondsFromFirstRecord = Object.fromEntries(
      Object.entries(threadsNow).map(([name, seconds]) => [
        name,
        seconds - (threadsAtFirstRecord[name] ?? 0),
      ]),
    );
    const cpuSecondsFromFirstRecord =
      cpuLatest !== undefined && cpuAtFirstRecord !== undefined
        ? cpuLatest - cpuAtFirstRecord
        : undefined;
    return { peaksMiB, firstRecordAt, cpuSecondsFromFirstRecord, threadCpuSecondsFromFirstRecord };
  };
}

function startSink(env: Record<string, string>): ChildProcess {
  // Launched as deployed: the sink's own node flags and allocator settings.
  const child = spawn(process.execPath, [...SINK_LAUNCH.nodeArgs, SINK_MAIN], {
    env: { ...process.env, ...SINK_LAUNCH.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

/** How many Parquet files are under `prefix`, and their total size. */
async function parquetFiles(
  s3: ReturnType<typeof createS3Client>,
  bucket: string,
  prefix: string,
): Promise<{ count: number; bytes: number }> {
  const files = (await listObjects(s3, bucket, prefix)).filter((object) =>
    object.key.endsWith('.parquet'),
  );
  return { count: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) };
}

/** Records of `topic` landed so far: per partition, the checkpoint's next offset (topic starts at 0). */
async function landedRecords(
  s3: ReturnType<typeof createS3Client>,
  bucket: string,
  topic: string,
  highs: Map<number, bigint>,
): Promise<number> {
  let landed = 0;
  for (const [partition, high] of highs) {
    try {
      const response = await s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: `_tributary/checkpoints/${topic}/${partition}.json`,
        }),
      );
      const checkpoint = JSON.parse(await response.Body!.transformToString()) as {
        nextOffset: string;
      };
      const next = BigInt(checkpoint.nextOffset);
      landed += Number(next < high ? next : high);
    } catch {
      // No checkpoint yet: nothing of that partition has landed.
    }
  }
  return landed;
}

/** Distinct landed counts the steady fit needs between 10 % and 90 % landed. */
const MIN_STEADY_STEPS = 5;

/**
 * The steady landing rate: the least-squares slope of records landed over time, fitted to the polls
 * between 10 % and 90 % of the records landed. Leaves out the start (group join, first files) and
 * the end, where the last partial files wait for the file age limit — a wait that a finite backlog
 * has and a stream does not. A fit over every poll, not two end points, because files land in steps
 * of tens of thousands of records.
 */
function steadyRate(progress: readonly { atMs: number; landed: number }[], total: number): number {
  const window = progress.filter(
    (sample) => sample.landed >= 0.1 * total && sample.landed <= 0.9 * total,
  );
  // Too few landing steps (a small run, few large files) make a slope of nothing: say so instead.
  if (new Set(window.map((sample) => sample.landed)).size < MIN_STEADY_STEPS) return Number.NaN;
  const meanT = window.reduce((sum, sample) => sum + sample.atMs, 0) / window.length;
  const meanY = window.reduce((sum, sample) => sum + sample.landed, 0) / window.length;
  let covariance = 0;
  let variance = 0;
  for (const sample of window) {
    covariance += (sample.atMs - meanT) * (sample.landed - meanY);
    variance += (sample.atMs - meanT) ** 2;
  }
  return variance === 0 ? Number.NaN : (covariance / variance) * 1000;
}

async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
}

async function consumeOnly(
  kafka: Kafka,
  topic: string,
  count: number,
): Promise<{ seconds: number; cpuSeconds: number }> {
  const consumer = kafka.consumer({
    groupId: `bench-consume-${randomUUID()}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  // Like the sink's sustained figure: timed from the first record (after the group join).
  let started: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      if (started === undefined) {
        started = performance.now();
        cpuAtStart = process.cpuUsage();
      }
      for (const message of payload.batch.messages) {
        seen++;
        payload.resolveOffset(message.offset);
      }
      await payload.heartbeat();
    },
  });
  await waitUntil('consume-only read everything', () => Promise.resolve(seen >= count), {
    timeoutMs: 600_000,
    intervalMs: 100,
  });
  const seconds = (performance.now() - (started ?? 0)) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  await consumer.disconnect();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** Samples the sink's peak RSS (VmHWM) until it exits. */
function watchRss(child: ChildProcess): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssMiB(child.pid) ?? 0);
  }, 200);
  return () => {
    clearInterval(timer);
    return Math.max(peak, peakRssMiB(child.pid) ?? 0);
  };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Baseline (b): Spark Structured Streaming (PySpark, local[2]) reading the same topic into Parquet on
 * the same MinIO. Returns the query's wall time and the whole job's (JVM start included) and peak RSS.
 */
async function sparkBaseline(
  topic: string,
  bucket: string,
): Promise<{
  records: number;
  querySeconds: number;
  steadyRecordsPerSecond: number | null;
  jobSeconds: number;
  peakRssMiB: number;
}> {
  const dir = execFileSync('bash', [join(__dirname, '..', 'spark', 'setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const started = performance.now();
  const child = spawn(
    join(dir, 'venv', 'bin', 'python'),
    [join(__dirname, '..', 'spark', 'stream_to_parquet.py'), topic, bucket, join(dir, 'jars')],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let peak = 0;
  const timer = setInterval(() => {
    if (child.pid !== undefined) peak = Math.max(peak, treeRssMiB(child.pid));
  }, 500);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`spark baseline exited with ${code}`);
  const line = output.trim().split('\n').pop() ?? '{}';
  const result = JSON.parse(line) as {
    records: number;
    seconds: number;
    steadyRecordsPerSecond: number | null;
  };
  return {
    records: result.records,
    querySeconds: result.seconds,
    steadyRecordsPerSecond: result.steadyRecordsPerSecond,
    jobSeconds: (performance.now() - started) / 1000,
    peakRssMiB: peak,
  };
}

async function fileLandingTimes(
  kafka: Kafka,
  topic: string,
  files: number,
): Promise<Map<string, number>> {
  const consumer = kafka.consumer({ groupId: `bench-files-${randomUUID()}` });
  const landed = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic: BRONZE_FILES_TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const event = BronzeFileEvent.parse(JSON.parse(message.value!.toString()));
      if (event.topic === topic && event.kind === 'file')
        landed.set(`${event.partition}:${event.first_offset}`, Number(message.timestamp));
      return Promise.resolve();
    },
  });
  await waitUntil('file events', () => Promise.resolve(landed.size >= files), {
    timeoutMs: 60_000,
  });
  await consumer.disconnect();
  return landed;
}

/**
 * Latency: records produced at LATENCY_RATE for LATENCY_SECONDS while a fresh sink runs; each record's
 * latency is from its produce time to the committed event of the file that holds it. Sorted.
 */
async function measureLatency(
  kafka: Kafka,
  s3: ReturnType<typeof createS3Client>,
  bucket: string,
  latencyTopic: string,
  sinkEnv: Record<string, string>,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  log(`latency: ${LATENCY_RATE} records/s for ${LATENCY_SECONDS} s`);
  const latencySink = startSink({
    ...sinkEnv,
    SINK_TOPICS: latencyTopic,
    SINK_GROUP_ID: `${latencyTopic}-sink`,
  });
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const latencyStart = Date.now();
  for (let second = 0; second < LATENCY_SECONDS; second++) {
    const tickStart = Date.now();
    for (let slice = 0; slice < 10; slice++) {
      const base = second * LATENCY_RATE + slice * (LATENCY_RATE / 10);
      await producer.send({
        topic: latencyTopic,
        acks: -1,
        messages: Array.from({ length: LATENCY_RATE / 10 }, (_, i) => record(base + i, Date.now())),
      });
      const due = tickStart + (slice + 1) * 100;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await producer.disconnect();
  const latencyHighs = await highWatermarks(kafka, latencyTopic);
  const produced = [...latencyHighs.values()].reduce((sum, high) => sum + Number(high), 0);
  await waitUntil(
    'latency records landed',
    async () => (await landedRecords(s3, bucket, latencyTopic, latencyHighs)) >= produced,
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  await stop(latencySink);
  const { count: files } = await parquetFiles(s3, bucket, `${latencyTopic}/`);
  const landedAt = await fileLandingTimes(kafka, latencyTopic, files);
  // Latency of a file's records: from each record's produce time to the file's committed event.
  // Record produce times are read back from Kafka so nothing is estimated.
  const latencies: number[] = [];
  const reader = kafka.consumer({ groupId: `bench-latency-read-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic: latencyTopic, fromBeginning: true });
  const fileStarts = new Map<number, number[]>();
  for (const key of landedAt.keys()) {
    const [partition, first] = key.split(':').map(Number) as [number, number];
    fileStarts.set(
      partition,
      [...(fileStarts.get(partition) ?? []), first].sort((a, b) => a - b),
    );
  }
  let read = 0;
  const total = LATENCY_RATE * LATENCY_SECONDS;
  await reader.run({
    eachMessage: ({ partition, message }) => {
      read++;
      const offset = Number(message.offset);
      const starts = fileStarts.get(partition) ?? [];
      let first = starts[0] ?? 0;
      for (const start of starts) if (start <= offset) first = start;
      const landed = landedAt.get(`${partition}:${first}`);
      if (landed !== undefined) latencies.push(landed - Number(message.timestamp));
      return Promise.resolve();
    },
  });
  await waitUntil('read back latency records', () => Promise.resolve(read >= total), {
    timeoutMs: 120_000,
  });
  await reader.disconnect();
  latencies.sort((a, b) => a - b);
  return { latencies, elapsedMs: Date.now() - latencyStart };
}

async function main(): Promise<void> {
  const target = await endpoints();
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: target.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const s3 = createS3Client(target.s3);
  const ns = `bench-${randomUUID().slice(0, 8)}`;
  const topic = `${ns}.github.events.matched`;
  const latencyTopic = `${ns}-latency.github.events.matched`;
  const bucket = `${ns}-bronze`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    await measure(kafka, s3, { ns, topic, latencyTopic, bucket });
  } finally {
    if (process.env.BENCH_KEEP === '1') log(`kept topic ${topic} and bucket ${bucket}`);
    else await deleteRunData(kafka, s3, [topic, latencyTopic], bucket);
  }
}

async function measure(
  kafka: Kafka,
  s3: ReturnType<typeof createS3Client>,
  { ns, topic, latencyTopic, bucket }: Record<'ns' | 'topic' | 'latencyTopic' | 'bucket', string>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  // A broker the bench has just started may still be electing leaders.
  await untilKafkaSettles(
    () =>
      admin.createTopics({
        topics: [topic, latencyTopic].map((name) => ({ topic: name, numPartitions: PARTITIONS })),
        waitForLeaders: true,
      }),
    { warn: (_details, message) => log(message) },
  );
  await admin.disconnect();

  log(`producing ${N} records into ${PARTITIONS} partitions`);
  const bytes = await produceAll(kafka, topic, N);
  const highs = await highWatermarks(kafka, topic);

  log('baseline (a): consume only');
  const { seconds: consumeSeconds, cpuSeconds: consumeCpuSeconds } = await consumeOnly(
    kafka,
    topic,
    N,
  );

  log('sink: landing everything');
  const sinkEnv = {
    TRIBUTARY_S3_BUCKET: bucket,
    SINK_TOPICS: topic,
    SINK_GROUP_ID: `${ns}-sink`,
    OPS_PORT: String(20_000 + Math.floor(Math.random() * 10_000)),
  };
  const started = performance.now();
  // Defaults, except the file age limit: with 60 s the last partial files would wait a minute and
  // the figure would measure the age limit, not the sink.
  const sink = startSink({ ...sinkEnv, SINK_MAX_FILE_AGE_S: THROUGHPUT_AGE_S });
  const sinkPeak = watchRss(sink);
  const sinkMetrics = watchSinkMetrics(Number(sinkEnv.OPS_PORT), sink.pid!);
  const progress: { atMs: number; landed: number }[] = [];
  await waitUntil(
    'all landed',
    async () => {
      const landed = await landedRecords(s3, bucket, topic, highs);
      progress.push({ atMs: performance.now(), landed });
      return landed >= N;
    },
    { timeoutMs: 1_800_000, intervalMs: 250 },
  );
  const landed = performance.now();
  const sinkSeconds = (landed - started) / 1000;
  // Read while the sink still runs: its threads' CPU is gone once it exits.
  const {
    peaksMiB: memoryBreakdownMiB,
    firstRecordAt,
    cpuSecondsFromFirstRecord,
    threadCpuSecondsFromFirstRecord,
  } = sinkMetrics();
  await stop(sink);
  const sinkRss = sinkPeak();
  const landedFiles = await parquetFiles(s3, bucket, `${topic}/`);
  // Until all landed: from the first record consumed (process start, group join and partition claims
  // done) until the last checkpoint, including the last partial files' wait for the file age limit.
  const untilLandedSeconds = (landed - (firstRecordAt ?? started)) / 1000;
  const sinkRate = steadyRate(progress, N);
  const untilLandedRate = N / untilLandedSeconds;

  let spark: Awaited<ReturnType<typeof sparkBaseline>> | undefined;
  if (RUN_SPARK) {
    log('baseline (b): Spark Structured Streaming, same topic, same MinIO');
    spark = await sparkBaseline(topic, bucket);
  }

  let connect: Awaited<ReturnType<typeof kafkaConnectBaseline>> | undefined;
  if (RUN_KAFKA_CONNECT) {
    log('baseline (c): Kafka Connect standalone + S3 sink, same topic, same MinIO');
    connect = await kafkaConnectBaseline(kafka, s3, topic, bucket);
  }
  const connectRate = connect ? steadyRate(connect.progress, N) : Number.NaN;

  const latency =
    LATENCY_SECONDS > 0
      ? await measureLatency(kafka, s3, bucket, latencyTopic, sinkEnv)
      : undefined;
  const latencies = latency?.latencies ?? [];

  const consumeRate = N / consumeSeconds;
  const result = {
    records: N,
    // SINK_DECODER passes through to the sink (native by default, js for the JavaScript path).
    decoder: process.env.SINK_DECODER ?? 'native',
    throughputFileAgeLimitS: Number(THROUGHPUT_AGE_S),
    partitions: PARTITIONS,
    averageRecordBytes: round(bytes / N),
    sink: {
      // Steady: landed between 10 % and 90 % of the records (see steadyRate).
      recordsPerSecond: Number.isNaN(sinkRate) ? null : Math.round(sinkRate),
      mbPerSecond: round((sinkRate * bytes) / N / 1e6),
      untilAllLandedSeconds: round(untilLandedSeconds),
      untilAllLandedRecordsPerSecond: Math.round(untilLandedRate),
      withStartSeconds: round(sinkSeconds),
      withStartRecordsPerSecond: Math.round(N / sinkSeconds),
      peakRssMiB: Math.round(sinkRss),
      files: landedFiles.count,
      averageFileMiB: round(landedFiles.bytes / landedFiles.count / 1024 / 1024),
      // CPU of all the sink's threads per record: unlike records/s, it does not move with the VM's speed.
      cpuMicrosPerRecord:
        cpuSecondsFromFirstRecord === undefined
          ? null
          : round((cpuSecondsFromFirstRecord * 1e6) / N),
      // By thread name (the sink names its workers sink-decode and sink-parquet; V8Worker: the
      // collector's and compiler's helpers); /proc counts in 10 ms ticks.
      cpuMicrosPerRecordByThread: Object.fromEntries(
        Object.entries(threadCpuSecondsFromFirstRecord)
          .filter(([, seconds]) => seconds > 0)
          .sort(([, a], [, b]) => b - a)
          .map(([name, seconds]) => [name, round((seconds * 1e6) / N)]),
      ),
      memoryPeaksMiB: memoryBreakdownMiB,
      // [seconds since the first record, records landed] at each checkpoint poll.
      landingProgress: progress.map((sample) => [
        round((sample.atMs - (firstRecordAt ?? started)) / 1000),
        sample.landed,
      ]),
    },
    baselineConsumeOnly: {
      seconds: round(consumeSeconds),
      recordsPerSecond: Math.round(consumeRate),
      cpuMicrosPerRecord: round((consumeCpuSeconds * 1e6) / N),
    },
    ratioToConsumeOnly: round(sinkRate / consumeRate),
    baselineSpark: spark
      ? {
          ...spark,
          querySeconds: round(spark.querySeconds),
          jobSeconds: round(spark.jobSeconds),
          recordsPerSecond: Math.round(spark.records / spark.querySeconds),
          steadyRecordsPerSecond:
            spark.steadyRecordsPerSecond === null ? null : Math.round(spark.steadyRecordsPerSecond),
          peakRssMiB: Math.round(spark.peakRssMiB),
        }
      : 'skipped (BENCH_SPARK=0)',
    // Steady against steady, and whole run against whole query.
    ratioToSpark:
      spark?.steadyRecordsPerSecond != null ? round(sinkRate / spark.steadyRecordsPerSecond) : null,
    ratioToSparkWholeRun: spark
      ? round(untilLandedRate / (spark.records / spark.querySeconds))
      : null,
    peakRssRatioToSpark: spark ? round(sinkRss / spark.peakRssMiB) : null,
    baselineKafkaConnect: connect
      ? {
          output: 'JSON lines, zstd (value only, as JsonConverter parsed it)',
          records: connect.records,
          files: connect.files,
          megabytes: round(connect.megabytes),
          // Steady: committed offsets between 10 % and 90 % (see steadyRate); they move per flush.
          steadyRecordsPerSecond: Number.isNaN(connectRate) ? null : Math.round(connectRate),
          copySeconds: round(connect.copySeconds),
          recordsPerSecond: Math.round(connect.records / connect.copySeconds),
          jobSeconds: round(connect.jobSeconds),
          peakRssMiB: Math.round(connect.peakRssMiB),
        }
      : 'skipped (BENCH_KAFKA_CONNECT=0)',
    ratioToKafkaConnect: Number.isNaN(connectRate) ? null : round(sinkRate / connectRate),
    ratioToKafkaConnectWholeRun: connect
      ? round(untilLandedRate / (connect.records / connect.copySeconds))
      : null,
    peakRssRatioToKafkaConnect: connect ? round(sinkRss / connect.peakRssMiB) : null,
    latency: {
      rate: LATENCY_RATE,
      seconds: LATENCY_SECONDS,
      measured: latencies.length,
      p50ms: percentile(latencies, 50),
      p99ms: percentile(latencies, 99),
      maxMs: latencies.at(-1),
      elapsedMs: latency?.elapsedMs ?? 0,
    },
    benchProcessPeakRssMiB: Math.round(peakRssMiB() ?? 0),
  };
  const summary = [
    `bench:sink — ${N} records (~${Math.round(bytes / N)} B), ${PARTITIONS} partitions, defaults, SINK_DECODER=${result.decoder}`,
    `  sink          ${result.sink.recordsPerSecond ?? `n/a (under ${MIN_STEADY_STEPS} landing steps)`} records/s steady (fit over 10–90 % landed), ${result.sink.mbPerSecond} MB/s; ${result.sink.untilAllLandedRecordsPerSecond} until all landed (last files wait ${THROUGHPUT_AGE_S} s), ${result.sink.withStartRecordsPerSecond} with process start; peak RSS ${result.sink.peakRssMiB} MiB, CPU ${result.sink.cpuMicrosPerRecord} µs/record, ${result.sink.files} files of ${result.sink.averageFileMiB} MiB on average`,
    `                CPU µs/record by thread: ${Object.entries(
      result.sink.cpuMicrosPerRecordByThread,
    )
      .map(([name, micros]) => `${name} ${micros}`)
      .join(', ')}`,
    `                peaks (MiB): ${Object.entries(memoryBreakdownMiB)
      .map(([name, value]) => `${name.replace(/_bytes$/, '')} ${value}`)
      .join(', ')}`,
    `  consume only  ${result.baselineConsumeOnly.recordsPerSecond} records/s, CPU ${result.baselineConsumeOnly.cpuMicrosPerRecord} µs/record   → sink/consume-only = ×${result.ratioToConsumeOnly}`,
    spark
      ? `  spark         ${spark.steadyRecordsPerSecond === null ? '?' : Math.round(spark.steadyRecordsPerSecond)} records/s steady (micro-batches after the first), ${Math.round(spark.records / spark.querySeconds)} whole query (job incl. JVM start ${round(spark.jobSeconds)} s), peak RSS ${Math.round(spark.peakRssMiB)} MiB   → sink/spark = ×${result.ratioToSpark} steady, ×${result.ratioToSparkWholeRun} whole run, RSS ×${round(sinkRss / spark.peakRssMiB)}`
      : '  spark         skipped',
    connect
      ? `  kafka connect ${Number.isNaN(connectRate) ? 'n/a' : Math.round(connectRate)} records/s steady (committed offsets, 10–90 %), ${Math.round(connect.records / connect.copySeconds)} group join → last file (job incl. JVM start ${round(connect.jobSeconds)} s), peak RSS ${Math.round(connect.peakRssMiB)} MiB, ${connect.files} zstd JSON-lines files   → sink/connect = ×${result.ratioToKafkaConnect} steady, ×${result.ratioToKafkaConnectWholeRun} whole run, RSS ×${result.peakRssRatioToKafkaConnect}`
      : '  kafka connect skipped',
    latency
      ? `  latency       p50 ${result.latency.p50ms} ms, p99 ${result.latency.p99ms} ms at ${LATENCY_RATE} records/s (file age limit 60 s)`
      : '  latency       skipped (BENCH_LATENCY_SECONDS=0)',
  ].join('\n');
  writeResult('sink', result, summary);
}

runBench(main);
