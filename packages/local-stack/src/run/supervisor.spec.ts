import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor, type SupervisedApp } from './supervisor';

const dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
const quickPolicy = { initialDelayMs: 50, maxDelayMs: 200, maxRestarts: 2, windowMs: 60_000 };

function app(name: string, script: string): SupervisedApp {
  const file = join(dir, `${name}.js`);
  writeFileSync(file, script);
  return {
    name,
    command: [process.execPath, file],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    logFile: join(dir, 'logs', `${name}.log`),
  };
}

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    output: {
      line: (name: string, text: string) => lines.push(`${name}| ${text}`),
      notice: (name: string, text: string) => lines.push(`${name}! ${text}`),
    },
  };
}

describe('Supervisor', () => {
  it('reports an app that exits 78 with the reason and the end of its log, and brings the run down', async () => {
    const { lines, output } = recorder();
    const bad = app(
      'bad-config',
      "console.log('starting'); console.error('Invalid configuration:\\n  - SINK_COMPRESSION: expected zstd'); process.exit(78);",
    );
    const steady = app(
      'steady',
      "console.log('up'); setInterval(() => {}, 1000); process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });",
    );
    // The log goes on across runs: the report shows only what this start wrote.
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(
      bad.logFile,
      '--- earlier started: x\nfrom an earlier run\n--- earlier exited with code 0\n',
    );
    const supervisor = new Supervisor([bad, steady], output, quickPolicy);
    supervisor.start();
    const failure = await supervisor.failed;
    expect(failure).toEqual({
      app: 'bad-config',
      reason: 'exited with code 78 (EX_CONFIG: invalid configuration); restarting cannot help',
      exitCode: 78,
    });
    expect(lines).toContain(
      `bad-config! exited with code 78 (EX_CONFIG: invalid configuration) unexpectedly; last lines of its log (${bad.logFile}):`,
    );
    // The tail shown after the notice comes from the log file, the cause included.
    const notice = lines.findIndex((line) => line.startsWith('bad-config! exited'));
    expect(lines.slice(notice + 1).filter((line) => line.startsWith('bad-config'))).toEqual([
      'bad-config| starting',
      'bad-config| Invalid configuration:',
      'bad-config|   - SINK_COMPRESSION: expected zstd',
      'bad-config! not restarted: exited with code 78 (EX_CONFIG: invalid configuration); restarting cannot help; stopping the run',
    ]);
    // Stop the steady app only once it is up (its SIGTERM handler in place).
    while (!lines.includes('steady| up')) await new Promise((resolve) => setTimeout(resolve, 20));
    await supervisor.stopAll(5_000);
    expect(readFileSync(steady.logFile, 'utf8')).toMatch(/up\nbye\n--- .* exited with code 0\n$/);
    expect(supervisor.summary()).toEqual([
      {
        name: 'bad-config',
        restarts: 0,
        running: false,
        lastExit: 'exited with code 78 (EX_CONFIG: invalid configuration)',
      },
      { name: 'steady', restarts: 0, running: false, lastExit: 'exited with code 0' },
    ]);
  });

  it('restarts a crashing app with backoff and gives up on a crash loop', async () => {
    const { lines, output } = recorder();
    const crashing = app('crashing', "console.log('try'); process.exit(3);");
    const supervisor = new Supervisor([crashing], output, quickPolicy);
    const started = Date.now();
    supervisor.start();
    const failure = await supervisor.failed;
    expect(failure.exitCode).toBe(1);
    expect(failure.reason).toBe('exited with code 3, after 2 restarts in 1 min (crash loop)');
    expect(lines.filter((line) => line.startsWith('crashing! restarting in'))).toHaveLength(2);
    // Waits of 50 and 100 ms between the three starts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(readFileSync(crashing.logFile, 'utf8').match(/^try$/gm)).toHaveLength(3);
    await supervisor.stopAll(1_000);
    expect(supervisor.summary()[0]?.restarts).toBe(2);
  });

  it('does not restart what it stops, and waits for a graceful exit', async () => {
    const { lines, output } = recorder();
    const slow = app(
      'slow-stop',
      "console.log('up'); setInterval(() => {}, 1000); process.on('SIGTERM', () => setTimeout(() => { console.log('drained'); process.exit(0); }, 300));",
    );
    const supervisor = new Supervisor([slow], output, quickPolicy);
    supervisor.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await supervisor.stopAll(5_000);
    expect(lines).toContain('slow-stop| drained');
    expect(lines.some((line) => line.includes('unexpectedly'))).toBe(false);
  });

  it('kills an app that ignores SIGTERM after the grace period', async () => {
    const { output } = recorder();
    const stubborn = app(
      'stubborn',
      "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);",
    );
    const supervisor = new Supervisor([stubborn], output, quickPolicy);
    supervisor.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await supervisor.stopAll(300);
    expect(supervisor.summary()[0]?.lastExit).toBe(
      'killed by SIGKILL (out of memory, or killed from outside)',
    );
  });

  it('reports a command that cannot be started', async () => {
    const { lines, output } = recorder();
    const missing: SupervisedApp = {
      ...app('missing', ''),
      command: [join(dir, 'no-such-start.sh')],
    };
    const supervisor = new Supervisor([missing], output, quickPolicy);
    supervisor.start();
    const failure = await supervisor.failed;
    expect(failure.exitCode).toBe(127);
    expect(lines.some((line) => line.includes('could not start') && line.includes('ENOENT'))).toBe(
      true,
    );
    await supervisor.stopAll(1_000);
  });
});
