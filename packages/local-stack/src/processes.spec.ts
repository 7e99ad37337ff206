import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { runningPid, startProcess, stopProcess } from './processes';
import { waitUntil } from './wait';

describe('stack processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-proc-'));
  const pidFile = join(dir, 'run', 'sleeper.pid');
  const logFile = join(dir, 'logs', 'sleeper.log');

  it('starts a detached process, recognises it as ours, and stops its whole group', async () => {
    const pid = startProcess({
      command: 'sh',
      args: ['-c', 'echo started; sleep 60 & wait'],
      cwd: dir,
      env: {},
      pidFile,
      logFile,
      owner: dir,
    });
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(pid);
    expect(runningPid(pidFile, dir)).toBe(pid);
    expect(runningPid(pidFile, '/some/other/stack')).toBeUndefined();
    // The pid file of a process owned elsewhere is treated as stale and removed.
    expect(existsSync(pidFile)).toBe(false);

    // Under load the shell may not have run yet: its output proves it ran before we stop it.
    await waitUntil(
      'the shell wrote to its log',
      () => Promise.resolve(readFileSync(logFile, 'utf8').includes('started')),
      {
        timeoutMs: 10_000,
      },
    );
    writeFileSync(pidFile, String(pid));
    expect(await stopProcess(pidFile, dir, 5_000)).toBe(true);
    expect(runningPid(pidFile, dir)).toBeUndefined();
  });

  it('never signals a process it did not start', async () => {
    writeFileSync(pidFile, String(process.pid));
    expect(await stopProcess(pidFile, dir, 100)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });
});
