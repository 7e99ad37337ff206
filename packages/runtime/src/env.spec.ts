import { z } from 'zod';
import { loadEnv, envFields } from './env';
import { ConfigError } from './errors';

const schema = z.object({
  KAFKA_BROKERS: envFields.list(),
  OPS_PORT: envFields.port().default(9464),
  DRY_RUN: envFields.boolean().default(false),
  S3_ENDPOINT: envFields.url().optional(),
});

describe('loadEnv', () => {
  it('turns strings into typed values and applies defaults', () => {
    const config = loadEnv(schema, { KAFKA_BROKERS: 'a:9092, b:9092,', DRY_RUN: 'YES' });
    expect(config).toEqual({ KAFKA_BROKERS: ['a:9092', 'b:9092'], OPS_PORT: 9464, DRY_RUN: true });
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadEnv(schema, {
        KAFKA_BROKERS: ' , ',
        OPS_PORT: '70000',
        DRY_RUN: 'maybe',
        S3_ENDPOINT: 'nope',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((issue) => issue.split(':')[0])).toEqual([
        'KAFKA_BROKERS',
        'OPS_PORT',
        'DRY_RUN',
        'S3_ENDPOINT',
      ]);
      expect((error as ConfigError).message).toContain('OPS_PORT');
      expect((error as ConfigError).retriable).toBe(false);
    }
  });

  it('reports a missing required variable by name', () => {
    expect(() => loadEnv(schema, {})).toThrow(/KAFKA_BROKERS/);
  });

  it('rejects a non-numeric port instead of coercing it to NaN', () => {
    expect(() => loadEnv(schema, { KAFKA_BROKERS: 'a:1', OPS_PORT: 'abc' })).toThrow(/OPS_PORT/);
  });
});
