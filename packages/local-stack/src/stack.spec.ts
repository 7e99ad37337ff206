import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStackConfig, stackPaths, type StackConfig } from './config';
import { processAlive, runningPid } from './processes';
import type { StackServer } from './server';
import { stackDown, stackUp } from './stack';
import { StackError } from './stack-error';
import { readStackState } from './stack-state';

/** A stand-in server: a shell process; ready when `ready()` says so. */
function fakeServer(
  name: string,
  script: string,
  options: { ports?: Record<string, number>; ready?: () => boolean } = {},
): StackServer {
  return {
    name,
    ports: options.ports ?? {},
    install: () => Promise.resolve('present' as const),
    prepare: () => Promise.resolve({ command: 'sh', args: ['-c', script], cwd: tmpdir(), env: {} }),
    isReady: () => Promise.resolve(options.ready?.() ?? true),
    endpoints: () => ({ [`${name.toUpperCase()}_URL`]: `fake://${name}` }),
    describe: () => name,
  };
}

function freshConfig(env: Record<string, string> = {}): StackConfig {
  return {
    ...loadStackConfig({ TRIBUTARY_STACK_DIR: mkdtempSync(join(tmpdir(), 'stack-spec-')), ...env }),
    startTimeoutMs: 5_000,
  };
}

const quiet = () => undefined;
const pidOf = (config: StackConfig, name: string) =>
  runningPid(stackPaths(config, name).pid, config.stackDir);

describe('stackUp', () => {
  it('stops the servers it started when another fails, and leaves running ones alone', async () => {
    const config = freshConfig();
    const before = fakeServer('before', 'sleep 60');
    await stackUp(config, quiet, [before]);
    const beforePid = pidOf(config, 'before');
    expect(beforePid).toBeDefined();

    const lines: string[] = [];
    const good = fakeServer('good', 'sleep 60');
    const broken = fakeServer('broken', 'echo failing; exit 1', { ready: () => false });
    const attempt = stackUp(config, (line) => lines.push(line), [before, good, broken]);
    await expect(attempt).rejects.toThrow(/broken exited before it was ready; see its log/);
    await expect(attempt).rejects.toMatchObject({ code: 'STACK_START_FAILED' });
    expect(lines).toContain('stopping what this start started: good, broken');
    expect(pidOf(config, 'good')).toBeUndefined();
    expect(pidOf(config, 'before')).toBe(beforePid);
    await stackDown(config, quiet, undefined, [before, good, broken]);
    expect(processAlive(beforePid ?? 0)).toBe(false);
  });

  it('checks every port before starting anything', async () => {
    const config = freshConfig();
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const first = fakeServer('first', 'sleep 60');
      const second = fakeServer('second', 'sleep 60', { ports: { SECOND_PORT: port } });
      await expect(stackUp(config, quiet, [first, second])).rejects.toThrow(
        new StackError(
          'PORT_IN_USE',
          `second: port ${port} is already in use by another process; choose another with SECOND_PORT`,
        ),
      );
      expect(pidOf(config, 'first')).toBeUndefined();
    } finally {
      busy.close();
    }
  });

  it('remembers the ports it was started with, and refuses other ones while running', async () => {
    const config = freshConfig({ TRIBUTARY_KAFKA_PORT: '29092', TRIBUTARY_STACK_BUCKET: 'moved' });
    const server = fakeServer('kafka', 'sleep 60');
    const result = await stackUp(config, quiet, [server]);
    expect(result.started).toEqual(['kafka']);
    expect(readFileSync(join(config.stackDir, 'stack.env'), 'utf8')).toBe(
      'KAFKA_URL=fake://kafka\n',
    );
    expect(readStackState(config.stackDir)).toMatchObject({
      ports: { kafka: 29092 },
      bucket: 'moved',
    });

    // A later command without the variables finds the same ports and bucket.
    const later = loadStackConfig({ TRIBUTARY_STACK_DIR: config.stackDir });
    expect(later.ports.kafka).toBe(29092);
    expect(later.bucket).toBe('moved');
    expect(later.explicit).toEqual([]);
    expect((await stackUp({ ...later, startTimeoutMs: 5_000 }, quiet, [server])).started).toEqual(
      [],
    );

    const other = loadStackConfig({
      TRIBUTARY_STACK_DIR: config.stackDir,
      TRIBUTARY_KAFKA_PORT: '29094',
    });
    expect(other.explicit).toEqual(['TRIBUTARY_KAFKA_PORT']);
    await expect(stackUp(other, quiet, [server])).rejects.toThrow(
      /running \(kafka\) with TRIBUTARY_KAFKA_PORT=29092, but TRIBUTARY_KAFKA_PORT=29094 is asked for now/,
    );
    await stackDown(config, quiet, undefined, [server]);
    // Stopped: new ports may be given, and are remembered from then on.
    await stackUp(other, quiet, [server]);
    expect(readStackState(config.stackDir)?.ports.kafka).toBe(29094);
    await stackDown(config, quiet, undefined, [server]);
  });

  it('refuses to stop a server it does not know', async () => {
    await expect(stackDown(freshConfig(), quiet, ['kafak'])).rejects.toThrow(
      /no server named kafak/,
    );
  });
});
