import { ConfigError, loadEnv } from '@tributary/runtime';
import { replayOptionsFromEnv, ReplayEnv } from './env';

describe('the replay environment', () => {
  it('defaults every variable and builds the server options', () => {
    const env = loadEnv(ReplayEnv, {});
    const options = replayOptionsFromEnv(env, 1_700_000_000_000);
    expect(options).toMatchObject({
      port: 19300,
      host: '127.0.0.1',
      world: { seed: 42, boardSizeRange: [5, 60], copyRate: 0.15 },
      clock: { start: 1_700_000_000_000, speed: 60 },
    });
    expect(options.limits).toBeUndefined();
  });

  it('reads limits as source=count/windowSeconds and a fixed start', () => {
    const env = loadEnv(ReplayEnv, {
      REPLAY_LIMITS: 'jobicy=10/60, remotive=100/1.5',
      REPLAY_START: '2026-03-10T12:00:00Z',
      REPLAY_SPEED: '0',
      REPLAY_MISSING_BOARDS: 'greenhouse/gone,ghost',
    });
    const options = replayOptionsFromEnv(env, 0);
    expect(options.limits).toEqual({
      jobicy: { count: 10, windowS: 60 },
      remotive: { count: 100, windowS: 1.5 },
    });
    expect(options.clock).toEqual({ start: Date.parse('2026-03-10T12:00:00Z'), speed: 0 });
    expect(options.world.missingBoards).toEqual(['greenhouse/gone', 'ghost']);
  });

  it('fails fast, naming each bad variable', () => {
    expect.assertions(4);
    try {
      loadEnv(ReplayEnv, {
        REPLAY_PORT: '70000',
        REPLAY_LIMITS: 'monster=1/1',
        REPLAY_START: 'yesterday',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('REPLAY_PORT');
      expect(message).toContain('REPLAY_LIMITS: "monster=1/1" is not source=count/windowSeconds');
      expect(message).toContain('REPLAY_START');
    }
  });
});
