import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cli = join(__dirname, '..', 'dist', 'cli.js');

describe('stack CLI', () => {
  it('exits at start with code 78 and a message naming a bad variable', () => {
    const result = spawnSync(process.execPath, [cli, 'status'], {
      env: { ...process.env, TRIBUTARY_PROMETHEUS_PORT: '99999' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('TRIBUTARY_PROMETHEUS_PORT');
    expect(result.stdout).toBe('');
  });

  it('prints usage and fails on an unknown command', () => {
    const result = spawnSync(process.execPath, [cli, 'explode'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('usage: stack');
  });
});
