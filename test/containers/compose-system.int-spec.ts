import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryBronze, waitUntil } from '@tributary/local-stack';
import { createS3Client } from '@tributary/runtime/aws';
import { Kafka, logLevel } from 'kafkajs';
import { DockerComposeEnvironment, type StartedDockerComposeEnvironment } from 'testcontainers';
import { composeRun, type ComposeRun } from './support/compose-env';
import { execIn, inspectContainer, MemorySampler, projectResources } from './support/docker';
import { PrometheusApi } from './support/prometheus';
import { imageSpecs, metricNamesIn, REPO_ROOT, repoFile } from './support/repo';
import { runOk } from './support/run';

const TOPIC = 'github.events.matched';
const SINK = 'bronze-sink-github';
const REPLICAS = 3;
/** Replicas per scraped service in this run (prometheus.compose.yml's names). */
const SCRAPED = {
  'github-events': 1,
  [SINK]: REPLICAS,
  'bronze-sink-jobs': 1,
  'bronze-sink-scraper': 1,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('docker compose: the whole system (offline profile), sink scaled to 3', () => {
  let composed: ComposeRun;
  let environment: StartedDockerComposeEnvironment | undefined;
  let prometheus: PrometheusApi;
  let sampler: MemorySampler;
  const container = (service: string, index = 1) => `${composed.project}-${service}-${index}`;

  beforeAll(async () => {
    composed = await composeRun(`tributary-e2e-${randomBytes(3).toString('hex')}`, {
      // Small files often, a busy replay: many commits in a short run.
      SINK_MAX_FILE_AGE_S: '5',
      REPLAY_EVENTS_PER_SECOND: '40',
      REPLAY_POLL_INTERVAL_S: '2',
    });
    prometheus = new PrometheusApi(`http://127.0.0.1:${composed.ports.prometheus}`);
    sampler = new MemorySampler(composed.project);
    sampler.start();
    environment = await new DockerComposeEnvironment(REPO_ROOT, 'docker-compose.yml')
      .withProjectName(composed.project)
      .withProfiles('offline')
      .withEnvironment(composed.environment)
      // Built by the stage beforehand; nothing is pulled or built here.
      .withClientOptions({
        commandOptions: ['--scale', `${SINK}=${REPLICAS}`, '--no-build', '--pull', 'never'],
      })
      .withStartupTimeout(180_000)
      .up();
  }, 300_000);

  afterAll(async () => {
    await sampler?.stop();
    await environment?.down({ removeVolumes: true, timeout: 60_000 });
  }, 120_000);

  it('starts every service healthy, and Prometheus scrapes every app replica', async () => {
    const services = Object.entries(SCRAPED).flatMap(([service, replicas]) =>
      Array.from({ length: replicas }, (_, index) => container(service, index + 1)),
    );
    for (const name of [
      ...services,
      container('kafka'),
      container('minio'),
      container('github-replay'),
    ]) {
      expect((await inspectContainer(name)).State.Health?.Status).toBe('healthy');
    }
    await waitUntil(
      'Prometheus has every app replica up',
      async () => {
        const targets = await prometheus.targets('tributary');
        return Object.entries(SCRAPED).every(
          ([service, replicas]) =>
            targets.filter((t) => t.labels.service === service && t.health === 'up').length ===
            replicas,
        );
      },
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );
    // The shipped alert rules are loaded and evaluate.
    const rules = await prometheus.rules();
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(rules.filter((rule) => rule.health === 'err')).toEqual([]);
  });

  it('runs each app as uid 10001 on a read-only root, started with its own launch settings', async () => {
    const apps = imageSpecs().filter((spec) => spec.role === 'app');
    for (const name of Object.keys(SCRAPED).map((service) => container(service))) {
      const info = await inspectContainer(name);
      expect(info.HostConfig.ReadonlyRootfs).toBe(true);
      expect(info.HostConfig.CapDrop).toEqual(['ALL']);
      expect((await runOk('docker', ['exec', name, 'id', '-u'])).trim()).toBe('10001');
      expect((await execIn(name, ['touch', '/app/written'])).code).not.toBe(0);
      expect((await execIn(name, ['touch', '/tmp/written'])).code).toBe(0);
    }
    for (const spec of apps) {
      const service = spec.name === 'bronze-sink' ? SINK : spec.name;
      await expectLaunchedFromStartScript(container(service), spec.dir);
    }
  });

  it('exports every metric the alert rules and the dashboard use', async () => {
    const exported = new Set<string>();
    for (const service of Object.keys(SCRAPED)) {
      const text = await runOk('docker', [
        'exec',
        container(service),
        'node',
        '-e',
        `fetch('http://127.0.0.1:9464/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))`,
      ]);
      for (const match of text.matchAll(/^# TYPE (\S+) /gm)) if (match[1]) exported.add(match[1]);
    }
    const used = new Set([
      ...metricNamesIn(repoFile('deploy/monitoring/prometheus/rules/tributary.rules.yml')),
      ...metricNamesIn(repoFile('deploy/monitoring/grafana/dashboards/tributary.json')),
    ]);
    const missing = [...used].filter(
      (name) => !exported.has(name) && !exported.has(name.replace(/_(bucket|sum|count)$/, '')),
    );
    expect(missing).toEqual([]);
  });

  it('lands every record from the replay exactly once in MinIO, across a SIGKILL of a sink replica', async () => {
    const s3 = createS3Client({
      endpoint: `http://127.0.0.1:${composed.ports.s3}`,
      region: 'us-east-1',
      ...composed.credentials,
    });
    const landed = async () =>
      Number(
        (await queryBronze(s3, 'bronze', TOPIC, 'SELECT count(*) AS n FROM $data'))[0]?.n ?? 0,
      );

    // Data flows, and all three replicas own partitions of the topic.
    await waitUntil(
      'files land from all three sink replicas',
      async () => {
        const owners = await prometheus.query(
          `count by (instance) (tributary_sink_consumer_lag_records{service="${SINK}", topic="${TOPIC}"})`,
        );
        return owners.result.length === REPLICAS && (await landed()) >= 150;
      },
      { timeoutMs: 150_000, intervalMs: 3_000 },
    );
    const beforeKill = await landed();

    const victim = container(SINK, 2);
    await runOk('docker', ['kill', '--signal', 'KILL', victim]);
    await sleep(5_000);
    if (!(await inspectContainer(victim)).State.Running) await runOk('docker', ['start', victim]);
    await waitUntil(
      `${victim} is healthy again`,
      async () => (await inspectContainer(victim)).State.Health?.Status === 'healthy',
      { timeoutMs: 90_000, intervalMs: 2_000 },
    );
    await waitUntil(
      'more records land after the kill',
      async () => (await landed()) > beforeKill + 100,
      {
        timeoutMs: 120_000,
        intervalMs: 3_000,
      },
    );

    // Stop the producer (gracefully: it publishes what it holds), then count what the topic holds.
    const producer = container('github-events');
    await runOk('docker', ['stop', '--time', '30', producer]);
    expect(
      (await runOk('docker', ['inspect', '--format', '{{.State.ExitCode}}', producer])).trim(),
    ).toBe('0');
    const offsets = await topicOffsets(composed.ports.kafka);
    const produced = offsets.reduce((sum, p) => sum + (p.high - p.low), 0);
    expect(produced).toBeGreaterThan(beforeKill);

    await waitUntil(
      'every record in the topic has landed',
      async () => (await landed()) >= produced,
      {
        timeoutMs: 180_000,
        intervalMs: 3_000,
      },
    );
    const [summary] = await queryBronze(
      s3,
      'bronze',
      TOPIC,
      `SELECT count(*) AS n,
              count(DISTINCT (_kafka_partition, _kafka_offset)) AS offsets,
              count(DISTINCT event_id) AS events
         FROM $data`,
    );
    const perPartition = await queryBronze(
      s3,
      'bronze',
      TOPIC,
      `SELECT _kafka_partition AS p, count(*) AS n, min(_kafka_offset) AS first, max(_kafka_offset) AS last
         FROM $data GROUP BY 1 ORDER BY 1`,
    );
    process.stdout.write(
      `compose e2e: ${produced} records in ${TOPIC}, ${String(summary?.n)} rows landed, ` +
        `${String(summary?.offsets)} distinct offsets, ${String(summary?.events)} distinct events; ` +
        `SIGKILL of ${victim} after ${beforeKill} rows\n`,
    );
    expect(Number(summary?.n)).toBe(produced);
    expect(Number(summary?.offsets)).toBe(produced);
    expect(Number(summary?.events)).toBe(produced);
    // Each partition's rows are exactly its offsets from the low to the high watermark.
    for (const partition of offsets.filter((p) => p.high > p.low)) {
      const row = perPartition.find((r) => Number(r.p) === partition.partition);
      expect(Number(row?.n)).toBe(partition.high - partition.low);
      expect(Number(row?.first)).toBe(partition.low);
      expect(Number(row?.last)).toBe(partition.high - 1);
    }
    s3.destroy();
  });

  it('`down -v` leaves no container, network or volume of the project', async () => {
    const peaks = await sampler.stop();
    reportMemory(composed.project, peaks);
    expect(environment).toBeDefined();
    await environment?.down({ removeVolumes: true, timeout: 60_000 });
    environment = undefined;
    expect(await projectResources(composed.project)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});

/**
 * The app's node process runs with exactly the flags and environment of its dist/start.sh (written
 * from its src/launch.ts, the script `./tributary run` uses), when the app declares a launch.
 */
async function expectLaunchedFromStartScript(name: string, appDir: string): Promise<void> {
  if (!existsSync(join(REPO_ROOT, appDir, 'src/launch.ts'))) return;
  const script = await execIn(name, ['cat', '/app/dist/start.sh']);
  expect(script.code).toBe(0);
  const flags = [...script.stdout.matchAll(/'(--[^']+)'/g)].map((m) => m[1]);
  const exported = [...script.stdout.matchAll(/^export ([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]);
  const processes = await runOk('docker', [
    'exec',
    name,
    'sh',
    '-c',
    'for p in /proc/[0-9]*; do c="$(tr "\\0" " " < "$p/cmdline" 2>/dev/null)"; case "$c" in node*) echo "${p#/proc/} $c";; esac; done',
  ]);
  const [pid, ...cmdline] = (
    processes.split('\n').find((line) => line.includes('/main.js')) ?? ''
  ).split(' ');
  expect(pid).toMatch(/^\d+$/);
  for (const flag of flags) expect(cmdline).toContain(flag);
  const environ = await runOk('docker', [
    'exec',
    name,
    'sh',
    '-c',
    `tr '\\0' '\\n' < /proc/${pid}/environ`,
  ]);
  for (const variable of exported) expect(environ).toMatch(new RegExp(`^${variable}=`, 'm'));
}

async function topicOffsets(port: number) {
  const admin = new Kafka({
    clientId: 'containers-test',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(TOPIC)).map((p) => ({
      partition: p.partition,
      low: Number(p.low),
      high: Number(p.high),
    }));
  } finally {
    await admin.disconnect();
  }
}

/** Peak memory per container during the run: the source of deploy/k8s's requests and limits. */
function reportMemory(project: string, peaks: Map<string, number>): void {
  const rows = [...peaks.entries()].sort(([a], [b]) => a.localeCompare(b));
  const dir = join(process.env.TRIBUTARY_CONTAINERS_DIR ?? tmpdir(), 'measurements');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${project}-peak-memory.json`);
  writeFileSync(file, JSON.stringify(Object.fromEntries(rows), null, 2));
  process.stdout.write(
    `peak memory (docker stats, sampled every 3 s) → ${file}\n` +
      rows
        .map(([name, bytes]) => `  ${name.padEnd(24)} ${(bytes / 2 ** 20).toFixed(0)} MiB`)
        .join('\n') +
      '\n',
  );
}
