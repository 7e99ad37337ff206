import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScript, writeStartScript } from './launch';

describe('start scripts written from an app launch', () => {
  it('execs node with the flags and the environment defaults, a caller-set variable winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-'));
    try {
      writeFileSync(
        join(dir, 'launch.js'),
        `exports.LAUNCH = { nodeArgs: ['--max-old-space-size=77', '--expose-gc'], env: { A_SETTING: '2', B_SETTING: "it's" } };`,
      );
      writeFileSync(
        join(dir, 'main.js'),
        `process.stdout.write(JSON.stringify({ args: process.execArgv, gc: typeof gc, a: process.env.A_SETTING, b: process.env.B_SETTING, argv: process.argv.slice(2) }));`,
      );
      const script = writeStartScript(dir);
      const run = spawnSync(script, ['backfill', '--from', 'x'], {
        env: { PATH: process.env.PATH ?? '', B_SETTING: 'mine' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        args: ['--max-old-space-size=77', '--expose-gc'],
        gc: 'function',
        a: '2',
        b: 'mine',
        argv: ['backfill', '--from', 'x'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quotes flags for the shell', () => {
    expect(startScript({ nodeArgs: ["--title=it's"], env: {} })).toContain(
      `exec node '--title=it'\\''s' "$(dirname "$0")/main.js" "$@"`,
    );
  });
});
