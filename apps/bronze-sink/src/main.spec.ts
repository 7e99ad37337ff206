import { join } from 'node:path';
import { runToExit } from '@tributary/local-stack/testing';

const main = join(__dirname, '..', 'dist', 'main.js');

const start = (env: Record<string, string>) => runToExit(main, [], env);

describe('bronze-sink start-up configuration', () => {
  it('exits 78 naming every bad variable before connecting to anything', () => {
    const result = start({
      SINK_TOPICS: 'github.events.matched,not.a.registered.topic',
      TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1',
      TRIBUTARY_S3_BUCKET: 'bronze',
      SINK_COMPRESSION: 'lz77',
      SINK_BUFFER_COMPRESSION: 'lz4',
      SINK_MAX_FILE_AGE_S: '-5',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/SINK_TOPICS: every topic must be registered/);
    expect(result.stderr).toMatch(/SINK_COMPRESSION/);
    expect(result.stderr).toMatch(/SINK_BUFFER_COMPRESSION: .*"zstd"\|"none"/);
    expect(result.stderr).toMatch(/SINK_MAX_FILE_AGE_S/);
  });

  it('names a missing required variable', () => {
    const result = start({ SINK_TOPICS: 'jobs.postings', TRIBUTARY_S3_BUCKET: 'bronze' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/TRIBUTARY_KAFKA_BROKERS/);
  });

  it('never prints secret values it was given', () => {
    const result = start({ SINK_TOPICS: 'nope', AWS_SECRET_ACCESS_KEY: 'super-secret-value' });
    expect(result.stderr + result.stdout).not.toContain('super-secret-value');
  });
});
