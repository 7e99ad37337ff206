import { ConfigError } from '@tributary/runtime';
import { loadConfig } from './env';

const base = { TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadConfig', () => {
  it('has working defaults with only the brokers set', () => {
    const config = loadConfig(base);
    expect(config.api.baseUrl).toBe('https://api.github.com');
    expect(config.api.tokens).toEqual([]);
    expect(config.targets).toEqual(['kafka']);
    expect(config.topic).toBe('github.events.matched');
  });

  it('names each bad field', () => {
    const error = (() => {
      try {
        loadConfig({
          PUBLISH_TARGETS: 'kafka,kinesis,smoke-signals',
          GITHUB_PER_PAGE: '500',
          OUTPUT_TOPIC: 'jobs.postings',
          GITHUB_API_URL: 'not a url',
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const field of ['PUBLISH_TARGETS', 'GITHUB_PER_PAGE', 'OUTPUT_TOPIC', 'GITHUB_API_URL']) {
      expect(message).toContain(field);
    }
  });

  it('requires what a target needs', () => {
    expect(() => loadConfig({ PUBLISH_TARGETS: 'kafka' })).toThrow(
      /TRIBUTARY_KAFKA_BROKERS: required/,
    );
    expect(() => loadConfig({ PUBLISH_TARGETS: 'kinesis' })).toThrow(/KINESIS_STREAM: required/);
  });

  it('reads several tokens', () => {
    expect(loadConfig({ ...base, GITHUB_TOKENS: ' a, b ,' }).api.tokens).toEqual(['a', 'b']);
  });

  it('keeps backfill checkpoints out of the working directory', () => {
    expect(loadConfig({ ...base, HOME: '/home/dev' }).backfillStateDir).toBe(
      '/home/dev/.local/state/tributary',
    );
    expect(
      loadConfig({ ...base, XDG_STATE_HOME: '/state', HOME: '/home/dev' }).backfillStateDir,
    ).toBe('/state/tributary');
    const chosen = loadConfig({ ...base, BACKFILL_STATE_DIR: '/work/.stack/state' });
    expect(chosen.backfillStateDir).toBe('/work/.stack/state');
    expect(chosen.backfillCheckpointFile).toBeUndefined();
    expect(
      loadConfig({ ...base, BACKFILL_CHECKPOINT_FILE: '/tmp/c.json' }).backfillCheckpointFile,
    ).toBe('/tmp/c.json');
  });

  it('turns not ready after five minutes of failures unless told otherwise', () => {
    expect(loadConfig(base).api.notReadyAfterMs).toBe(300_000);
    expect(loadConfig({ ...base, GITHUB_NOT_READY_AFTER_S: '30' }).api.notReadyAfterMs).toBe(
      30_000,
    );
    expect(() => loadConfig({ ...base, GITHUB_NOT_READY_AFTER_S: '0' })).toThrow(
      /GITHUB_NOT_READY_AFTER_S/,
    );
  });
});
