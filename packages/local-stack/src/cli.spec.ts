import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', 'dist', 'cli.js');
const stackDir = mkdtempSync(join(tmpdir(), 'cli-spec-'));
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', TRIBUTARY_STACK_DIR: stackDir, ...env },
    encoding: 'utf8',
  });

describe('stack CLI', () => {
  it('exits at start with code 78 and a message naming a bad variable', () => {
    const result = run(['status'], { TRIBUTARY_PROMETHEUS_PORT: '99999' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('TRIBUTARY_PROMETHEUS_PORT');
    expect(result.stdout).toBe('');
  });

  it('prints usage and exits 0 for help, 64 for an unknown command', () => {
    for (const help of [[], ['help'], ['--help']]) {
      const result = run(help);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('usage: tributary stack');
    }
    const unknown = run(['explode']);
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('unknown command "explode"');
  });

  it('says the stack has not been started instead of failing on a connection', () => {
    const result = run(['peek']);
    expect(result.status).toBe(69);
    expect(result.stderr).toContain('has not been started');
    const env = run(['env']);
    expect(env.status).toBe(1);
    expect(env.stderr).toContain('has not been started');
  });

  it('names the known logs when asked for an unknown one', () => {
    const result = run(['logs', 'nope'], {
      TRIBUTARY_APPS_FILE: join(__dirname, '..', '..', '..', 'deploy', 'local', 'apps.json'),
    });
    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(/no log named "nope"; known: .*bronze-sink.*kafka/);
  });
});
