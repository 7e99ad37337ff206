import { join } from 'node:path';
import { runToExit } from '@tributary/local-stack/testing';

const main = join(__dirname, '..', 'dist', 'main.js');
const run = (args: string[], env: Record<string, string>) => runToExit(main, args, env);

describe('job-postings start-up', () => {
  it('exits 78 naming every bad variable', () => {
    const result = run([], { OUTPUT_TOPIC: 'jobs', OPS_PORT: 'eighty', SOURCES: 'monster' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/TRIBUTARY_KAFKA_BROKERS/);
    expect(result.stderr).toMatch(/OUTPUT_TOPIC: must be jobs.postings/);
    expect(result.stderr).toMatch(/OPS_PORT/);
    expect(result.stderr).toMatch(/SOURCES\.0/);
  });

  it('exits 78 when the sources file cannot be used', () => {
    const result = run([], {
      TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1',
      SOURCES_FILE: '/nonexistent/sources.json',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/SOURCES_FILE: cannot read \/nonexistent\/sources.json/);
  });

  it('exits 64 with usage for a bad command line, and prints usage for --help', () => {
    const bad = run(['collect', '--source', 'greenhouse'], {
      TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/collect runs once: pass --once[\s\S]*usage:/);
    const help = run(['--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/job-postings collect --source <name> --once/);
  });
});
