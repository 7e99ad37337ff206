import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@tributary/runtime';
import { JOB_SOURCES } from '@tributary/schemas';
import { KNOWN_BOARDS } from '@tributary/jobs-replay';
import { loadConfig } from './env';
import { DEFAULT_SOURCES_FILE, loadSourcesFile, parseSourcesFile } from './sources-config';

const BROKERS = { TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:19092' };

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('the shipped sources config', () => {
  const file = loadSourcesFile(DEFAULT_SOURCES_FILE);

  it('configures all ten sources, each in a state partition of its own', () => {
    expect(Object.keys(file.sources).sort()).toEqual([...JOB_SOURCES].sort());
    const partitions = Object.values(file.sources).map((source) => source.statePartition);
    expect(new Set(partitions).size).toBe(partitions.length);
  });

  it('ships the real public boards of every ATS', () => {
    for (const ats of ['greenhouse', 'lever', 'ashby', 'smartrecruiters'] as const) {
      expect(file.sources[ats]?.tenants).toEqual(KNOWN_BOARDS[ats]);
    }
  });

  it('keeps the documented limits: Remotive at most 4 runs a day and 2 requests a minute, Jobicy one an hour', () => {
    expect(file.sources.remotive?.minRunIntervalS).toBeGreaterThanOrEqual(86_400 / 4);
    expect(file.sources.remotive?.request.limits).toEqual([{ count: 2, windowS: 60 }]);
    expect(file.sources.remotive?.request.maxAttempts).toBe(1);
    expect(file.sources.jobicy?.minRunIntervalS).toBeGreaterThanOrEqual(3_600);
    expect(file.sources.jobicy?.request.limits).toEqual([{ count: 1, windowS: 3_600 }]);
    expect(file.sources.jobicy?.request.maxAttempts).toBe(1);
    expect(file.sources['hn-whoishiring']?.request.limits).toEqual([
      { count: 10_000, windowS: 3_600 },
    ]);
  });

  it('names the attribution the terms ask for', () => {
    expect(file.sources.remotive?.attribution).toBe('Remotive');
    expect(file.sources.remoteok?.attribution).toBe('Remote OK');
    expect(file.sources.himalayas?.attribution).toBe('Himalayas');
  });
});

describe('sources config validation', () => {
  it('refuses two sources in one state partition, naming both', () => {
    const source = {
      baseUrl: 'https://x.example',
      statePartition: 3,
      schedule: '0 * * * * *',
      minRunIntervalS: 60,
      request: { delayMs: 0 },
    };
    expect(() =>
      parseSourcesFile(
        { version: '1', sources: { greenhouse: source, lever: source } },
        'test.json',
      ),
    ).toThrow(/sources\.lever\.statePartition: partition 3 is already greenhouse's/);
  });

  it('refuses an unknown source and an unknown field', () => {
    expect(() => parseSourcesFile({ version: '1', sources: { monster: {} } }, 'x')).toThrow(
      /monster/,
    );
  });
});

describe('loadConfig', () => {
  it('needs the brokers and names every bad variable', () => {
    expect(problems({})).toEqual([expect.stringMatching(/^TRIBUTARY_KAFKA_BROKERS: /)]);
    expect(
      problems({
        ...BROKERS,
        OUTPUT_TOPIC: 'github.events.matched',
        SOURCES: 'greenhouse,monster',
        STATE_PARTITIONS: '0',
      }),
    ).toEqual([
      expect.stringMatching(/^SOURCES\.1: /),
      expect.stringMatching(/^OUTPUT_TOPIC: must be jobs.postings/),
      expect.stringMatching(/^STATE_PARTITIONS: /),
    ]);
  });

  it('reports an unreadable sources file as SOURCES_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    writeFileSync(join(dir, 'bad.json'), '{"version": 1}');
    expect(problems({ ...BROKERS, SOURCES_FILE: join(dir, 'bad.json') })[0]).toMatch(
      /^SOURCES_FILE: .*not a valid sources config/s,
    );
  });

  it('chooses sources and overrides base URLs', () => {
    const config = loadConfig({
      ...BROKERS,
      SOURCES: 'greenhouse,hn-whoishiring',
      SOURCE_BASE_URLS:
        'greenhouse=http://127.0.0.1:19301/greenhouse/,hn-whoishiring=http://127.0.0.1:19301/hn',
      OUTPUT_TOPIC: 'it-1a2b.jobs.postings',
    });
    const enabled = Object.entries(config.sources.sources).filter(([, source]) => source.enabled);
    expect(enabled.map(([name]) => name)).toEqual(['greenhouse', 'hn-whoishiring']);
    expect(config.sources.sources.greenhouse?.baseUrl).toBe('http://127.0.0.1:19301/greenhouse');
    expect(config.sources.sources['hn-whoishiring']?.baseUrl).toBe('http://127.0.0.1:19301/hn');
    expect(config.topic).toBe('it-1a2b.jobs.postings');
    expect(problems({ ...BROKERS, SOURCE_BASE_URLS: 'greenhouse:http://x' })[0]).toMatch(
      /^SOURCE_BASE_URLS: /,
    );
  });
});
