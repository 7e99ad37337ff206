import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand, CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { Kafka, logLevel } from 'kafkajs';
import { createS3Client } from '@tributary/runtime/aws';
import {
  freePortNow,
  movedPorts,
  PIPELINE,
  REPLAY_MAIN,
  Running,
  TestStack,
  TRIBUTARY,
} from './stack-harness';

/**
 * The developer commands as a newcomer uses them, against a stack of this suite's own (temp folder,
 * ports in 29xxx): moved ports remembered, a run that supervises and never stops what it did not
 * start, peek's counts, reset.
 */
describe('the tributary CLI on a stack of its own', () => {
  const stack = new TestStack();
  let ports: Record<string, string>;

  beforeAll(async () => {
    ports = await movedPorts();
    const up = stack.cli(['up'], ports, { timeoutMs: 170_000 });
    if (up.status !== 0) throw new Error(`stack up failed:\n${up.stdout}\n${up.stderr}`);
  }, 180_000);

  afterAll(() => {
    stack.cli(['down']);
    rmSync(stack.dir, { recursive: true, force: true });
  }, 60_000);

  it('remembers moved ports: status and env without the variables find the same servers', () => {
    const status = stack.cli(['status']);
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    for (const server of ['kafka', 'minio', 'kinesis', 'prometheus']) {
      expect(status.stdout).toMatch(new RegExp(`^${server} +ready +\\d+$`, 'm'));
    }
    expect(status.stdout).toContain(
      `kafka ${ports.TRIBUTARY_KAFKA_PORT}, minio ${ports.TRIBUTARY_MINIO_PORT}`,
    );
    expect(status.stdout).toContain('as remembered in');
    const env = stack.cli(['env']);
    expect(env.stdout).toContain(
      `export TRIBUTARY_KAFKA_BROKERS='127.0.0.1:${ports.TRIBUTARY_KAFKA_PORT}'`,
    );
  });

  it("prints the stack's AWS variables only where the caller has none of its own", () => {
    const mine = stack.cli(['env'], {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'real',
    });
    expect(mine.status).toBe(0);
    expect(mine.stdout).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
    expect(mine.stderr).toContain('kept your own AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY');
    expect(stack.cli(['env']).stdout).toMatch(/^export AWS_ACCESS_KEY_ID='tributary-[0-9a-f]+'$/m);
  });

  it('refuses other ports while the stack runs, and a busy port before starting anything', async () => {
    const other = stack.cli(['up'], {
      TRIBUTARY_KAFKA_PORT: String(Number(ports.TRIBUTARY_KAFKA_PORT) + 100),
    });
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain(`with TRIBUTARY_KAFKA_PORT=${ports.TRIBUTARY_KAFKA_PORT}, but`);

    expect(stack.cli(['down', 'prometheus']).status).toBe(0);
    const squatter: Server = createServer();
    await new Promise<void>((resolve) =>
      squatter.listen(Number(ports.TRIBUTARY_PROMETHEUS_PORT), '127.0.0.1', resolve),
    );
    try {
      const busy = stack.cli(['up']);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toContain(
        `prometheus: port ${ports.TRIBUTARY_PROMETHEUS_PORT} is already in use by another process; choose another with TRIBUTARY_PROMETHEUS_PORT`,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const status = stack.cli(['status']);
    expect(status.stdout).toMatch(/^prometheus +stopped/m);
    expect(status.stdout).toMatch(/^kafka +ready/m);
  });

  it('run: refuses a second run, stops only the servers it started, and says so', async () => {
    // Prometheus is stopped (previous test): this run starts it, and must stop only it.
    const apps = stack.appsFile([
      {
        name: 'steady',
        script:
          "console.log(`brokers=${process.env.TRIBUTARY_KAFKA_BROKERS}`); setInterval(() => {}, 1000); process.on('SIGTERM', () => { console.log('steady drained'); process.exit(0); });",
      },
    ]);
    const first = new Running(
      process.execPath,
      [PIPELINE],
      stack.env({ TRIBUTARY_APPS_FILE: apps }),
    );
    try {
      await first.waitFor(/Press Ctrl-C to stop/);
      expect(first.text).toMatch(/^started: prometheus/m);
      expect(first.text).toMatch(/^already running: kafka/m);
      await first.waitFor(
        new RegExp(`\\[steady\\] brokers=127\\.0\\.0\\.1:${ports.TRIBUTARY_KAFKA_PORT}`),
      );

      // A second run through the script refuses before its setup, naming the first.
      const second = stack.cli(['run'], { TRIBUTARY_APPS_FILE: apps }, { script: true });
      expect(second.status).toBe(75);
      expect(second.stderr).toMatch(
        /another \.\/tributary run \(pid \d+, started .*\) is already running/,
      );
      const statusDuringRun = stack.cli(['status']);
      expect(statusDuringRun.stdout).toMatch(/^run +running +\d+/m);

      first.interrupt();
      expect(await first.exited).toBe(0);
    } finally {
      first.kill();
    }
    expect(first.text).toContain('[steady] steady drained');
    expect(first.text).toMatch(/run ended after \d+ s:\n {2}steady +exited with code 0/);
    expect(first.text).toContain('stopping the servers this run started: prometheus');
    const status = stack.cli(['status']);
    expect(status.stdout).toMatch(/^prometheus +stopped/m);
    expect(status.stdout).toMatch(/^kafka +ready/m);
    expect(status.stdout).toMatch(/^minio +ready/m);
    // The app's output is in its log file too.
    expect(stack.cli(['logs', 'steady']).stdout).toMatch(
      /brokers=127\.0\.0\.1:\d+\nsteady drained/,
    );
    // What ./tributary test records to stop later: only what this `up` started.
    const record = join(stack.dir, 'started-by-up');
    expect(stack.cli(['up', '--record-started', record]).status).toBe(0);
    expect(readFileSync(record, 'utf8')).toBe('prometheus');
    expect(stack.cli(['up', '--record-started', record]).status).toBe(0);
    expect(readFileSync(record, 'utf8')).toBe('');
  });

  it('run: an app that exits 78 is reported with the end of its log and brings the run down with 78', async () => {
    const apps = stack.appsFile([
      {
        name: 'steady',
        script: "setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0));",
      },
      {
        name: 'misconfigured',
        script:
          'console.error(\'Invalid configuration:\\n  - SINK_COMPRESSION: Invalid option: expected one of "zstd"|"snappy"\'); setTimeout(() => process.exit(78), 500);',
      },
    ]);
    const run = new Running(process.execPath, [PIPELINE], stack.env({ TRIBUTARY_APPS_FILE: apps }));
    const code = await run.exited;
    expect(code).toBe(78);
    expect(run.text).toContain(
      '[misconfigured] exited with code 78 (EX_CONFIG: invalid configuration) unexpectedly; last lines of its log',
    );
    expect(run.text).toContain('[misconfigured]   - SINK_COMPRESSION: Invalid option');
    expect(run.text).toContain(
      '[misconfigured] not restarted: exited with code 78 (EX_CONFIG: invalid configuration); restarting cannot help; stopping the run',
    );
    expect(run.text).toMatch(/run failed after \d+ s:/);
    expect(run.text).toContain('the local stack keeps running');
    // No colour codes when the output is not a terminal.
    expect(run.text).not.toContain('\u001b[');
    expect(stack.cli(['status']).status).toBe(0);
    expect(stack.cli(['logs', 'misconfigured', '5']).stdout).toContain('SINK_COMPRESSION');
  });

  it("backfill: the project's Node, hour N of M, a summary that matches the dead-letter topic, the checkpoint in the stack folder", async () => {
    const port = String(await freePortNow());
    const replay = new Running(process.execPath, [REPLAY_MAIN], {
      PATH: process.env.PATH ?? '',
      REPLAY_PORT: port,
      REPLAY_EVENTS_PER_SECOND: '0',
      REPLAY_ARCHIVE_EVENTS_PER_HOUR: '1500',
      REPLAY_ARCHIVE_BAD_LINES_PER_HOUR: '2',
      LOG_LEVEL: 'info',
    });
    try {
      await replay.waitFor(/listening/);
      const closed = String(await freePortNow());
      const unreachable = stack.cli(
        ['backfill', '--from', '2024-03-01T00', '--to', '2024-03-01T01'],
        { GHARCHIVE_URL: `http://127.0.0.1:${closed}/gharchive` },
        { script: true },
      );
      expect(unreachable.status).toBe(69);
      expect(unreachable.stderr).toContain(
        `GH Archive at http://127.0.0.1:${closed}/gharchive does not answer: connection to 127.0.0.1:${closed} refused (ECONNREFUSED`,
      );

      const backfill = stack.cli(
        ['backfill', '--from', '2024-03-01T00', '--to', '2024-03-01T01'],
        { GHARCHIVE_URL: `http://127.0.0.1:${port}/gharchive` },
        { script: true, timeoutMs: 120_000 },
      );
      expect(backfill.stderr).toBe('');
      expect(backfill.status).toBe(0);
      expect(backfill.stdout).toMatch(
        /^INFO {2}backfill hour 1 of 2 \(2024-03-01T00\) done: [\d,]+ lines; about \d+ s left/m,
      );
      expect(backfill.stdout).toMatch(/^INFO {2}backfill hour 2 of 2 \(2024-03-01T01\) done:/m);
      const summary =
        /backfill complete: 2 hours read; [\d,]+ lines, [\d,]+ matched, 0 duplicates; (\d+) dead-lettered to github\.events\.matched\.dlq \(/.exec(
          backfill.stdout,
        );
      expect(summary).not.toBeNull();
      const deadLettered = Number(summary?.[1]);
      expect(deadLettered).toBe(4);
      const dlq = stack.cli(['peek', 'github.events.matched.dlq']);
      expect(dlq.stdout).toMatch(
        new RegExp(`github\\.events\\.matched\\.dlq, \\d+ partitions, ${deadLettered} records`),
      );
      expect(
        existsSync(
          join(
            stack.dir,
            'state',
            'github-events-backfill',
            'github.events.matched',
            '2024-03-01T00--2024-03-01T01.json',
          ),
        ),
      ).toBe(true);
      expect(stack.cli(['logs', 'github-events-backfill', '5', '--raw']).stdout).toMatch(
        /^\{.*"msg":"backfill complete/m,
      );
    } finally {
      replay.interrupt();
      await replay.exited;
    }
  });

  describe('peek', () => {
    const topic = 'peek.test.events';
    const scratchTopic = 'it-0a1b2c3d.peek.test.events';
    const scratchBucket = 'it-0a1b2c3d-bronze';

    beforeAll(async () => {
      const env = stack.stackEnv();
      const kafka = new Kafka({
        brokers: [env.TRIBUTARY_KAFKA_BROKERS ?? ''],
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic, numPartitions: 3 },
          { topic: scratchTopic, numPartitions: 1 },
        ],
        waitForLeaders: true,
      });
      // Idempotent: a retried batch under load must not be counted twice.
      const producer = kafka.producer({ idempotent: true });
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 90 }, (_, index) => ({
          partition: index % 3,
          value: `{"n":${index}}`,
        })),
      });
      await producer.send({ topic: scratchTopic, messages: [{ value: 'x' }] });
      await producer.disconnect();
      // A group that has read 10 records of each partition: 60 behind.
      await admin.setOffsets({
        groupId: 'peek-test-readers',
        topic,
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '10' })),
      });
      await admin.disconnect();

      // Bronze as the sink lays it out: two hours, three files, _SUCCESS on the first hour only.
      const s3 = createS3Client({
        endpoint: env.TRIBUTARY_S3_ENDPOINT ?? '',
        region: 'us-east-1',
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      });
      const files = join(stack.dir, 'made');
      mkdirSync(files, { recursive: true });
      const duck = await DuckDBInstance.create(':memory:');
      const connection = await duck.connect();
      const bucket = env.TRIBUTARY_S3_BUCKET ?? '';
      const put = async (key: string, rows: number) => {
        const local = join(files, `${rows}-${key.length}.parquet`);
        await connection.run(
          `COPY (SELECT i AS id, 'event ' || i AS title FROM range(${rows}) t(i)) TO '${local}' (FORMAT parquet)`,
        );
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(local) }),
        );
      };
      await put(
        `${topic}/dt=2026-01-01/hr=00/${topic}+0+00000000000000000000-00000000000000000099.parquet`,
        100,
      );
      await put(
        `${topic}/dt=2026-01-01/hr=00/${topic}+1+00000000000000000000-00000000000000000049.parquet`,
        50,
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${topic}/dt=2026-01-01/hr=00/_SUCCESS`,
          Body: new Uint8Array(0),
        }),
      );
      await put(
        `${topic}/dt=2026-01-01/hr=01/${topic}+0+00000000000000000100-00000000000000000129.parquet`,
        30,
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: '_tributary/checkpoints/x/0.json',
          Body: '{}',
        }),
      );
      await s3.send(new CreateBucketCommand({ Bucket: scratchBucket }));
      await s3.send(new PutObjectCommand({ Bucket: scratchBucket, Key: 'leftover', Body: 'x' }));
      connection.closeSync();
      duck.closeSync();
      s3.destroy();
    }, 60_000);

    it('lists topics with their records and group lag, and each topic’s bronze hours, files and rows', () => {
      const overview = stack.cli(['peek'], {}, { script: true });
      expect(overview.stderr).toBe('');
      expect(overview.status).toBe(0);
      expect(overview.stdout).toMatch(
        /Kafka 127\.0\.0\.1:\d+: \d+ topics \(1 made by tests hidden/,
      );
      expect(overview.stdout).toMatch(
        /^ {2}peek\.test\.events +3 +90 +peek-test-readers \(lag 60\)$/m,
      );
      expect(overview.stdout).not.toContain(scratchTopic);
      expect(overview.stdout).toMatch(
        /^ {2}peek\.test\.events +2 +3 +180 +1 of 2 +2026-01-01T01$/m,
      );
      expect(overview.stdout).not.toContain('_tributary');
      expect(stack.cli(['peek', '--all']).stdout).toContain(scratchTopic);

      const one = stack.cli(['peek', topic]);
      expect(one.stdout).toContain(
        `Kafka 127.0.0.1:${ports.TRIBUTARY_KAFKA_PORT}: ${topic}, 3 partitions, 90 records`,
      );
      expect(one.stdout).toMatch(/peek-test-readers +60 +3 of 3/);
      expect(one.stdout).toMatch(/^ {2}2026-01-01 +00 +2 +150 +[\d.]+ MiB +yes$/m);
      expect(one.stdout).toMatch(/^ {2}2026-01-01 +01 +1 +30 +[\d.]+ MiB +not yet$/m);
      expect(one.stdout).toContain('2 hours, 3 files, 180 rows');
    });

    it('shows rows of an hour and answers SQL over the bronze dataset', () => {
      const rows = stack.cli(['peek', topic, '--hour', '2026-01-01T01', '--rows', '2']);
      expect(rows.status).toBe(0);
      expect(rows.stdout).toContain(`s3://bronze/${topic}/dt=2026-01-01/hr=01/: the first 2 rows`);
      expect(rows.stdout).toMatch(
        /-- row 1\n {2}id +0\n {2}title +event 0\n {2}dt +2026-01-01\n {2}hr +01\n-- row 2/,
      );

      const sql = stack.cli([
        'peek',
        '--sql',
        'SELECT hr, count(*) AS n FROM peek_test_events GROUP BY hr ORDER BY hr',
      ]);
      expect(sql.stderr).toBe('');
      expect(sql.stdout).toMatch(/^hr +n\n-+ +-+\n00 +150\n01 +30\n\(2 rows\)$/m);
      // Files are copied once: a second query downloads nothing new.
      expect(stack.cli(['peek', topic]).stdout).toContain('0 new files copied');
    });

    it('stack reset removes what tests left, after confirmation, and keeps the rest', () => {
      const unconfirmed = stack.cli(['reset']);
      expect(unconfirmed.status).toBe(1);
      expect(unconfirmed.stdout).toContain(`1 topics: ${scratchTopic}`);
      expect(unconfirmed.stdout).toContain(`1 buckets (with their objects): ${scratchBucket}`);
      expect(unconfirmed.stderr).toContain('add --yes');

      const reset = stack.cli(['reset', '--yes']);
      expect(reset.status).toBe(0);
      expect(reset.stdout).toContain('removed 1 topics');
      const all = stack.cli(['peek', '--all']).stdout;
      expect(all).not.toContain(scratchTopic);
      expect(all).toContain(topic);
    });

    it('stack reset --all deletes all data and brings the stack back', async () => {
      const reset = stack.cli(['reset', '--all', '--yes'], {}, { timeoutMs: 170_000 });
      expect(reset.stderr).toBe('');
      expect(reset.status).toBe(0);
      expect(reset.stdout).toMatch(/reset done: [\d.]+ (KiB|MiB|GiB) freed/);
      expect(existsSync(join(stack.dir, 'peek'))).toBe(false);
      expect(stack.cli(['status']).status).toBe(0);
      const after = stack.cli(['peek', '--all']).stdout;
      expect(after).not.toContain(topic);
      expect(after).toContain('nothing landed yet');
      const env = stack.stackEnv();
      const s3 = createS3Client({
        endpoint: env.TRIBUTARY_S3_ENDPOINT ?? '',
        region: 'us-east-1',
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      });
      const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets?.map(
        (bucket) => bucket.Name,
      );
      s3.destroy();
      expect(buckets).toEqual(['bronze']);
    });
  });

  it('./tributary --help exits 0; an unknown command exits 64', () => {
    const help = stack.cli(['--help'], {}, { script: true });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('./tributary peek');
    expect(stack.cli(['frobnicate'], {}, { script: true }).status).toBe(64);
    expect(TRIBUTARY).toMatch(/tributary$/);
  });
});
