import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToExit } from '@tributary/local-stack/testing';

const main = join(__dirname, '..', 'dist', 'main.js');

const run = (args: string[], env: Record<string, string>) => runToExit(main, args, env);

describe('github-events start-up', () => {
  it('exits 78 naming every bad variable, without printing tokens', () => {
    const result = run([], {
      PUBLISH_TARGETS: 'kinesis',
      GITHUB_PER_PAGE: '1000',
      GITHUB_TOKENS: 'ghp_supersecrettoken',
      OPS_PORT: 'eighty',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/KINESIS_STREAM: required when PUBLISH_TARGETS includes kinesis/);
    expect(result.stderr).toMatch(/GITHUB_PER_PAGE/);
    expect(result.stderr).toMatch(/OPS_PORT/);
    expect(result.stderr + result.stdout).not.toContain('ghp_supersecrettoken');
  });

  it('exits 64 with usage for a bad command line', () => {
    const base = { TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1' };
    const unknown = run(['replay'], base);
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toMatch(/unknown command "replay"[\s\S]*usage:/);
    const badHour = run(['backfill', '--from', '2025-01-15T24', '--to', '2025-01-16T00'], base);
    expect(badHour.status).toBe(64);
    expect(badHour.stderr).toMatch(/--from must be an hour like 2025-01-15T00/);
    const reversed = run(['backfill', '--from', '2025-01-16T00', '--to', '2025-01-15T00'], base);
    expect(reversed.status).toBe(64);
  });

  it('fails at start naming the keyword list file and field when the list is invalid', () => {
    const file = join(tmpdir(), `keywords-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ version: '1', keywords: [{ name: '' }] }));
    const result = run([], { TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1', KEYWORDS_FILE: file });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`keyword list ${file} is invalid: keywords.0.name`);
  });
});
