import { imageSpecs, REPO_ROOT, repoFile, scrapedNames } from './support/repo';
import { run, runOk } from './support/run';

interface ComposeService {
  image: string;
  profiles?: string[];
  build?: { args?: Record<string, string> };
  environment?: Record<string, string | null>;
  stop_grace_period?: string;
}

const SECRETS = { MINIO_ROOT_USER: 'user-for-config', MINIO_ROOT_PASSWORD: 'password-for-config' };

function composeConfig(env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('MINIO_ROOT_')),
  );
  return run('docker', ['compose', '--profile', 'offline', 'config', ...args], {
    cwd: REPO_ROOT,
    env: { ...clean, ...env },
  });
}

const seconds = (duration = '') => Number(/^(\d+)s$/.exec(duration)?.[1] ?? 0);

describe('docker-compose.yml', () => {
  let services: Record<string, ComposeService>;
  beforeAll(async () => {
    services = (
      JSON.parse(
        await runOk('docker', ['compose', '--profile', 'offline', 'config', '--format', 'json'], {
          cwd: REPO_ROOT,
          env: { ...process.env, ...SECRETS },
        }),
      ) as { services: Record<string, ComposeService> }
    ).services;
  });

  it('is valid Compose v2, and refuses to start without the MinIO secrets (no defaults)', async () => {
    expect((await composeConfig(SECRETS, '--quiet')).code).toBe(0);
    const missing = await composeConfig({}, '--quiet');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/MINIO_ROOT_(USER|PASSWORD)/);
    // The file itself holds no secret value.
    expect(repoFile('docker-compose.yml')).not.toMatch(
      /^\s+\w*(PASSWORD|SECRET_ACCESS_KEY|TOKENS?):[ \t]*[^$\s]/m,
    );
  });

  it('keeps secrets out of git: .env is ignored', async () => {
    const ignored = await run('git', ['check-ignore', '--quiet', '.env'], { cwd: REPO_ROOT });
    expect(ignored.code).toBe(0);
  });

  it('runs every image of deploy/docker/images.json; dev servers only in the offline profile', () => {
    for (const spec of imageSpecs()) {
      const using = Object.entries(services).filter(([, s]) => s.build?.args?.APP === spec.name);
      expect(using.length).toBeGreaterThanOrEqual(1);
      for (const [, service] of using) {
        expect(service.image).toMatch(new RegExp(`/${spec.name}:`));
        if (spec.role === 'dev-server') expect(service.profiles).toEqual(['offline']);
        else expect(service.profiles).toBeUndefined();
      }
    }
  });

  it('Prometheus scrapes exactly the app services', () => {
    const apps = new Set(
      imageSpecs()
        .filter((s) => s.role === 'app')
        .map((s) => s.name),
    );
    const appServices = Object.entries(services)
      .filter(([, s]) => apps.has(s.build?.args?.APP ?? ''))
      .map(([name]) => name);
    expect(scrapedNames().sort()).toEqual(appServices.sort());
  });

  it('gives each sink service its own topic and consumer group, and time to drain', () => {
    const sinks = Object.values(services).filter((s) => s.build?.args?.APP === 'bronze-sink');
    expect(sinks.length).toBeGreaterThanOrEqual(3);
    const groups = sinks.map((s) => s.environment?.SINK_GROUP_ID);
    const topics = sinks.map((s) => s.environment?.SINK_TOPICS);
    expect(new Set(groups).size).toBe(sinks.length);
    expect(new Set(topics).size).toBe(sinks.length);
    // The sink drains within 25 s of SIGTERM.
    for (const sink of sinks) expect(seconds(sink.stop_grace_period)).toBeGreaterThan(25);
  });

  it("defaults to the official Kafka image of the local stack's Kafka version", () => {
    const kafkaVersion = /<kafka.version>([^<]+)</.exec(
      repoFile('deploy/local/kafka/pom.xml'),
    )?.[1];
    expect(repoFile('docker-compose.yml')).toContain(`apache/kafka:${kafkaVersion}}`);
  });
});
