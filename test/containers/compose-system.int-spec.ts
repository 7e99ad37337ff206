import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryBronze, waitUntil } from '@tributary/local-stack';
import { createS3Client } from '@tributary/runtime/aws';
import { currentRanges, readRanges } from '@tributary/runtime/kafka';
import { JOB_SOURCES } from '@tributary/schemas';
import { Kafka, logLevel } from 'kafkajs';
import { DockerComposeEnvironment, type StartedDockerComposeEnvironment } from 'testcontainers';
import { composeRun, type ComposeRun } from './support/compose-env';
import { execIn, inspectContainer, MemorySampler, projectResources } from './support/docker';
import { PrometheusApi } from './support/prometheus';
import { imageSpecs, metricNamesIn, REPO_ROOT, repoFile, scrapedNames } from './support/repo';
import { runOk } from './support/run';

const TOPIC = 'github.events.matched';
const SINK = 'bronze-sink-github';
const REPLICAS = 3;
/** Replicas per scraped service in this run: every name prometheus.compose.yml discovers. */
const SCRAPED: Record<string, number> = Object.fromEntries(
  scrapedNames().map((service) => [service, service === SINK ? REPLICAS : 1]),
);
/** The dev servers the offline profile adds (their compose services are named as their images). */
const DEV_SERVERS = imageSpecs()
  .filter((spec) => spec.role === 'dev-server')
  .map((spec) => spec.name);
/** The fixture site holds ten days of games; the scraper crawls one of them (4 games, ~750 shots). */
const SITE_DAYS = { from: '2024-11-01', to: '2024-11-10' };
const CRAWL_DAY = '2024-11-04';
/**
 * The collectors' topics, each landed by its own sink lane; `key` is what identifies one record
 * (a posting's revision, a shot as one spider read it).
 */
const COLLECTED = [
  {
    producer: 'job-postings',
    topic: 'jobs.postings',
    sink: 'bronze-sink-jobs',
    key: '(posting_id, revision)',
  },
  {
    producer: 'scraper',
    topic: 'scraper.shot-charts',
    sink: 'bronze-sink-scraper',
    key: '(spider, shot_id)',
  },
];

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
      // A short site and one day to crawl: the scraper stays polite (robots.txt's Crawl-delay: 3).
      SITE_FROM: SITE_DAYS.from,
      SITE_TO: SITE_DAYS.to,
      SCRAPER_INITIAL_FROM: CRAWL_DAY,
      SCRAPER_INITIAL_TO: CRAWL_DAY,
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
      ...DEV_SERVERS.map((server) => container(server)),
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
    // The shipped alert rules are all loaded and evaluate.
    const rules = await prometheus.rules();
    const shipped = repoFile('deploy/monitoring/prometheus/rules/tributary.rules.yml').match(
      /^\s+- alert: /gm,
    );
    expect(rules.length).toBe(shipped?.length);
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
      const text = await httpGetIn(container(service), 'http://127.0.0.1:9464/metrics');
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
    const offsets = await topicOffsets(composed.ports.kafka, TOPIC);
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

  it('lands job postings from jobs-replay and shot charts from shot-chart-site exactly once in MinIO', async () => {
    // Every source's first run is due at start, and the scraper crawls its initial day at start; both
    // went on while the GitHub flow was checked. Changes are committed page by page: the collector is
    // stopped once every source has published, some runs still going (smartrecruiters' details take
    // minutes at its request rate), which the graceful stop must end cleanly.
    await waitUntil(
      'every job source has published postings from jobs-replay, and the crawl has finished',
      async () => {
        const sources = await prometheus.query(
          'sum by (source) (tributary_jobs_postings_published_total{service="job-postings"}) > 0',
        );
        const crawls = await prometheus.query(
          'sum(tributary_scraper_crawls_total{service="scraper", outcome="finished"})',
        );
        return (
          sources.result.length === JOB_SOURCES.length &&
          Number(crawls.result[0]?.value[1] ?? 0) >= 1
        );
      },
      { timeoutMs: 300_000, intervalMs: 5_000 },
    );
    // One owner per source: no run was fenced by another.
    const fenced = await prometheus.query(
      'sum(tributary_jobs_runs_total{service="job-postings", outcome="fenced"}) > 0',
    );
    expect(fenced.result).toEqual([]);

    // The site's own account of the crawled day: every shot of its games, once.
    const truth = JSON.parse(
      await httpGetIn(
        container('shot-chart-site'),
        `http://127.0.0.1:8080/_control/truth?from=${CRAWL_DAY}&to=${CRAWL_DAY}&shots=false`,
      ),
    ) as { dates: { games: { shots: number }[] }[] };
    const truthShots = truth.dates
      .flatMap((day) => day.games)
      .reduce((sum, game) => sum + game.shots, 0);
    expect(truthShots).toBeGreaterThan(0);

    // Stop the producers gracefully (runs end after their page, items are acknowledged).
    for (const { producer } of COLLECTED) {
      await runOk('docker', ['stop', '--time', '50', container(producer)]);
      expect(
        (
          await runOk('docker', ['inspect', '--format', '{{.State.ExitCode}}', container(producer)])
        ).trim(),
      ).toBe('0');
    }

    const s3 = createS3Client({
      endpoint: `http://127.0.0.1:${composed.ports.s3}`,
      region: 'us-east-1',
      ...composed.credentials,
    });
    for (const { topic, key } of COLLECTED) {
      const produced = await committedRecords(composed.ports.kafka, topic);
      expect(produced).toBeGreaterThan(0);
      const count = async () =>
        Number(
          (await queryBronze(s3, 'bronze', topic, 'SELECT count(*) AS n FROM $data'))[0]?.n ?? 0,
        );
      await waitUntil(
        `every record of ${topic} has landed`,
        async () => (await count()) >= produced,
        {
          timeoutMs: 120_000,
          intervalMs: 3_000,
        },
      );
      const [summary] = await queryBronze(
        s3,
        'bronze',
        topic,
        `SELECT count(*) AS n,
                count(DISTINCT (_kafka_partition, _kafka_offset)) AS offsets,
                count(DISTINCT ${key}) AS keys
           FROM $data`,
      );
      process.stdout.write(
        `compose e2e: ${produced} records in ${topic}, ${String(summary?.n)} rows landed, ` +
          `${String(summary?.offsets)} distinct offsets, ${String(summary?.keys)} distinct ${key}\n`,
      );
      expect(Number(summary?.n)).toBe(produced);
      expect(Number(summary?.offsets)).toBe(produced);
      expect(Number(summary?.keys)).toBe(produced);
    }

    // Postings of every source; the crawled day's shots, as many as the site says.
    const [jobs] = await queryBronze(
      s3,
      'bronze',
      'jobs.postings',
      `SELECT count(DISTINCT source) AS sources, count(*) FILTER (WHERE change = 'created') AS created
         FROM $data`,
    );
    expect(Number(jobs?.sources)).toBe(JOB_SOURCES.length);
    expect(Number(jobs?.created)).toBeGreaterThan(0);
    const [shots] = await queryBronze(
      s3,
      'bronze',
      'scraper.shot-charts',
      `SELECT count(*) AS n, CAST(min(game_date) AS VARCHAR) AS first,
              CAST(max(game_date) AS VARCHAR) AS last
         FROM $data`,
    );
    expect(Number(shots?.n)).toBe(truthShots);
    expect(String(shots?.first)).toContain(CRAWL_DAY);
    expect(String(shots?.last)).toContain(CRAWL_DAY);
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

/** A GET from inside a container (its ports are not published), with the image's own node. */
function httpGetIn(name: string, url: string): Promise<string> {
  return runOk('docker', [
    'exec',
    name,
    'node',
    '-e',
    `fetch(${JSON.stringify(url)}).then((r) => r.text()).then((t) => process.stdout.write(t))`,
  ]);
}

const composeKafka = (port: number) =>
  new Kafka({
    clientId: 'containers-test',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
  });

async function topicOffsets(port: number, topic: string) {
  const admin = composeKafka(port).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      low: Number(p.low),
      high: Number(p.high),
    }));
  } finally {
    await admin.disconnect();
  }
}

/**
 * The records a topic holds now, read committed: job-postings publishes in transactions, whose
 * markers take offsets, so the watermarks alone do not count records.
 */
async function committedRecords(port: number, topic: string): Promise<number> {
  const kafka = composeKafka(port);
  let records = 0;
  await readRanges(kafka, topic, await currentRanges(kafka, topic), () => (records += 1), {
    groupPrefix: 'containers-test',
    errorCode: 'KAFKA_TAIL_UNREADABLE',
    timeoutMs: 120_000,
  });
  return records;
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
