import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PORT_VARIABLES, stackPaths, type StackConfig } from './config';
import { stackCredentials } from './credentials';
import { withLock } from './lock';
import { assertPortsFree } from './ports';
import { processAlive, runningPid, startProcess, stopProcess } from './processes';
import type { StackServer } from './server';
import { kafkaServer } from './servers/kafka';
import { kinesisServer } from './servers/kinesis';
import { minioServer } from './servers/minio';
import { prometheusServer } from './servers/prometheus';
import { StackError } from './stack-error';
import { readStackState, writeStackState } from './stack-state';
import { waitUntil } from './wait';

export type Log = (line: string) => void;

export function stackServers(config: StackConfig): StackServer[] {
  const credentials = stackCredentials(config);
  return [
    kafkaServer(config),
    minioServer(config, credentials),
    kinesisServer(config, credentials),
    prometheusServer(config),
  ];
}

/** The file holding the endpoint variables of the running stack (KEY=value lines). */
export function stackEnvFile(config: StackConfig): string {
  return join(config.stackDir, 'stack.env');
}

export function readStackEnv(config: StackConfig): Record<string, string> | undefined {
  const file = stackEnvFile(config);
  if (!existsSync(file)) return undefined;
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/** Installs what is missing; logs only what it installed now (a cached server says nothing). */
export async function installStack(
  config: StackConfig,
  log: Log,
  servers: readonly StackServer[] = stackServers(config),
): Promise<void> {
  await Promise.all(
    servers.map(async (server) => {
      const started = Date.now();
      if ((await server.install()) === 'installed') {
        log(`installed ${server.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
    }),
  );
}

/**
 * Refuses to start when a running server was started with other ports than asked for now (an
 * explicit variable that differs from what the stack folder remembers): talking to the new port
 * would find nothing, and starting a second server would fight the first over its data folder.
 */
function assertSamePorts(config: StackConfig, running: readonly string[]): void {
  const remembered = readStackState(config.stackDir);
  if (!remembered || running.length === 0) return;
  const changed = (Object.keys(PORT_VARIABLES) as (keyof typeof PORT_VARIABLES)[]).filter(
    (name) => remembered.ports[name] !== config.ports[name],
  );
  if (changed.length === 0) return;
  throw new StackError(
    'PORTS_CHANGED',
    `the stack in ${config.stackDir} is running (${running.join(', ')}) with ${changed
      .map((name) => `${PORT_VARIABLES[name]}=${remembered.ports[name]}`)
      .join(', ')}, but ${changed
      .map((name) => `${PORT_VARIABLES[name]}=${config.ports[name]}`)
      .join(', ')} is asked for now: stop it first (./tributary stack down), or unset the variable`,
  );
}

async function waitReady(config: StackConfig, server: StackServer, pid: number): Promise<void> {
  const log = stackPaths(config, server.name).log;
  await waitUntil(server.name, () => server.isReady(), {
    timeoutMs: config.startTimeoutMs,
    isAlive: () => processAlive(pid),
  }).catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StackError('STACK_START_FAILED', `${detail}; see its log: ${log}`, { cause: error });
  });
  await server.afterReady?.();
}

export interface StackUpResult {
  endpoints: Record<string, string>;
  /** Servers this call started (the others were already running). */
  started: string[];
  descriptions: string[];
}

/**
 * Installs what is missing, starts what is not running, waits until every server answers, and
 * remembers the ports and bucket in the stack folder. Checks every port it needs before starting
 * anything; if a server still fails, stops the ones this call started (never those that were
 * already running) and rejects naming each failure.
 */
export async function stackUp(
  config: StackConfig,
  log: Log,
  servers: readonly StackServer[] = stackServers(config),
): Promise<StackUpResult> {
  return withLock(join(config.stackDir, 'run', 'lock'), config.startTimeoutMs * 2, async () => {
    await installStack(config, log, servers);
    const pids = new Map(
      servers.map((server) => [
        server.name,
        runningPid(stackPaths(config, server.name).pid, config.stackDir),
      ]),
    );
    const toStart = servers.filter((server) => pids.get(server.name) === undefined);
    assertSamePorts(
      config,
      servers.filter((server) => !toStart.includes(server)).map((server) => server.name),
    );
    for (const server of toStart) await assertPortsFree(server.name, server.ports);

    const startedHere: StackServer[] = [];
    const results = await Promise.allSettled(
      servers.map(async (server) => {
        let pid = pids.get(server.name);
        if (pid === undefined) {
          const paths = stackPaths(config, server.name);
          const launch = await server.prepare();
          pid = startProcess({
            ...launch,
            pidFile: paths.pid,
            logFile: paths.log,
            owner: config.stackDir,
          });
          startedHere.push(server);
        }
        await waitReady(config, server, pid);
        log(
          `${toStart.includes(server) ? 'started' : 'already running'}: ${server.name} (pid ${pid})`,
        );
      }),
    );
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as Error] : [],
    );
    if (failures.length > 0) {
      if (startedHere.length > 0) {
        log(
          `stopping what this start started: ${startedHere.map((server) => server.name).join(', ')}`,
        );
        await stopServers(config, startedHere, log);
      }
      throw new StackError(
        'STACK_START_FAILED',
        `local stack failed to start:\n${failures.map((failure) => `  - ${failure.message}`).join('\n')}`,
        { cause: failures[0] },
      );
    }
    const endpoints = Object.assign({}, ...servers.map((server) => server.endpoints())) as Record<
      string,
      string
    >;
    writeFileSync(
      stackEnvFile(config),
      Object.entries(endpoints)
        .map(([key, value]) => `${key}=${value}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
    writeStackState(config.stackDir, { ports: config.ports, bucket: config.bucket });
    return {
      endpoints,
      started: startedHere.map((server) => server.name),
      descriptions: servers.map((server) => server.describe()),
    };
  });
}

async function stopServers(
  config: StackConfig,
  servers: readonly StackServer[],
  log: Log,
): Promise<void> {
  await Promise.all(
    [...servers].reverse().map(async (server) => {
      const stopped = await stopProcess(stackPaths(config, server.name).pid, config.stackDir);
      log(`${stopped ? 'stopped' : 'not running'}: ${server.name}`);
    }),
  );
}

/** Stops the servers this stack folder started (only those), last started first. */
export async function stackDown(
  config: StackConfig,
  log: Log,
  only?: readonly string[],
  servers: readonly StackServer[] = stackServers(config),
): Promise<void> {
  const unknown = (only ?? []).filter((name) => !servers.some((server) => server.name === name));
  if (unknown.length > 0) {
    throw new StackError(
      'UNKNOWN_NAME',
      `no server named ${unknown.join(', ')} (servers: ${servers.map((server) => server.name).join(', ')})`,
    );
  }
  await stopServers(
    config,
    servers.filter((server) => !only || only.includes(server.name)),
    log,
  );
}

export interface ServerStatus {
  name: string;
  pid?: number;
  ready: boolean;
  log: string;
}

export async function stackStatus(
  config: StackConfig,
  servers: readonly StackServer[] = stackServers(config),
): Promise<ServerStatus[]> {
  return Promise.all(
    servers.map(async (server) => {
      const paths = stackPaths(config, server.name);
      const pid = runningPid(paths.pid, config.stackDir);
      const ready = pid !== undefined && (await server.isReady().catch(() => false));
      return { name: server.name, ...(pid !== undefined ? { pid } : {}), ready, log: paths.log };
    }),
  );
}
