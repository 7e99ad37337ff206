import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const main = join(__dirname, '..', 'dist', 'main.js');

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('scraper start-up', () => {
  it('exits 78 naming every bad variable', () => {
    const result = run([], { SCRAPER_MIN_DELAY_MS: '-1', OPS_PORT: 'eighty' });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/TRIBUTARY_KAFKA_BROKERS/);
    expect(result.stderr).toMatch(/SCRAPER_MIN_DELAY_MS/);
    expect(result.stderr).toMatch(/OPS_PORT/);
  });

  it('exits 64 with the usage for a bad command line, and prints the usage for --help', () => {
    const bad = run(['crawl', 'shot-charts', '--from', '2024-11-05'], {
      TRIBUTARY_KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/crawl needs --to[\s\S]*usage:/);
    const help = run(['--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/scraper crawl <spider> --from/);
  });
});
