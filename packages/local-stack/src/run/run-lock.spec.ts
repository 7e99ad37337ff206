import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackConfig } from '../config';
import { StackError } from '../stack-error';
import { acquireRunLock, activeRun, runLockFile } from './run-lock';

describe('the run lock', () => {
  const config = loadStackConfig({ TRIBUTARY_STACK_DIR: mkdtempSync(join(tmpdir(), 'run-lock-')) });

  it('lets one run hold a stack folder and refuses a second, naming the first', () => {
    const release = acquireRunLock(config, '/apps.json');
    expect(activeRun(config)).toMatchObject({ pid: process.pid, appsFile: '/apps.json' });
    let refusal: unknown;
    try {
      acquireRunLock(config, '/apps.json');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StackError);
    expect(refusal).toMatchObject({ code: 'RUN_ACTIVE' });
    expect((refusal as Error).message).toContain(`pid ${process.pid}`);
    release();
    expect(existsSync(runLockFile(config))).toBe(false);
    expect(activeRun(config)).toBeUndefined();
  });

  it('takes over the lock of a run that died', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) =>
      child.once('exit', () => resolve(child.pid ?? 0)),
    );
    mkdirSync(join(config.stackDir, 'run'), { recursive: true });
    writeFileSync(
      runLockFile(config),
      JSON.stringify({ pid: deadPid, startedAt: 'earlier', appsFile: 'x' }),
    );
    expect(activeRun(config)).toBeUndefined();
    const release = acquireRunLock(config, 'y');
    expect(activeRun(config)?.pid).toBe(process.pid);
    release();
  });
});
