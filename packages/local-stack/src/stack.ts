import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths, type StackConfig } from './config';
import { stackCredentials } from './credentials';
import { withLock } from './lock';
import { assertPortsFree } from './ports';
import { processAlive, runningPid, startProcess, stopProcess } from './processes';
import type { StackServer } from './server';
import { kafkaServer } from './servers/kafka';
import { kinesisServer } from './servers/kinesis';
import { minioServer } from './servers/minio';
import { prometheusServer } from './servers/prometheus';
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

export async function installStack(config: StackConfig, log: Log): Promise<void> {
  await Promise.all(
    stackServers(config).map(async (server) => {
      const started = Date.now();
      await server.install();
      log(`installed ${server.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }),
  );
}

async function startServer(config: StackConfig, server: StackServer, log: Log): Promise<boolean> {
  const paths = stackPaths(config, server.name);
  const existing = runningPid(paths.pid, config.stackDir);
  let started = false;
  let pid = existing;
  if (pid === undefined) {
    await assertPortsFree(server.name, server.ports);
    const launch = await server.prepare();
    pid = startProcess({
      ...launch,
      pidFile: paths.pid,
      logFile: paths.log,
      owner: config.stackDir,
    });
    started = true;
  }
  const alive = pid;
  await waitUntil(server.name, () => server.isReady(), {
    timeoutMs: config.startTimeoutMs,
    isAlive: () => processAlive(alive),
  }).catch((error: unknown) => {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${detail}; see its log: ${paths.log}`);
  });
  await server.afterReady?.();
  log(`${started ? 'started' : 'already running'}: ${server.name} (pid ${pid})`);
  return started;
}

export interface StackUpResult {
  endpoints: Record<string, string>;
  /** Servers this call started (the others were already running). */
  started: string[];
  descriptions: string[];
}

/** Installs what is missing, starts what is not running, waits until every server answers. */
export async function stackUp(config: StackConfig, log: Log): Promise<StackUpResult> {
  return withLock(join(config.stackDir, 'run', 'lock'), config.startTimeoutMs * 2, async () => {
    await installStack(config, log);
    const servers = stackServers(config);
    const results = await Promise.allSettled(
      servers.map((server) => startServer(config, server, log)),
    );
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as Error] : [],
    );
    if (failures.length > 0) {
      throw new Error(
        `local stack failed to start:\n${failures.map((failure) => `  - ${failure.message}`).join('\n')}`,
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
    const startedHere = results.map((result) => result.status === 'fulfilled' && result.value);
    return {
      endpoints,
      started: servers.filter((_, index) => startedHere[index]).map((server) => server.name),
      descriptions: servers.map((server) => server.describe()),
    };
  });
}

/** Stops the servers this stack folder started (only those), last started first. */
export async function stackDown(
  config: StackConfig,
  log: Log,
  only?: readonly string[],
): Promise<void> {
  const servers = stackServers(config)
    .filter((server) => !only || only.includes(server.name))
    .reverse();
  await Promise.all(
    servers.map(async (server) => {
      const stopped = await stopProcess(stackPaths(config, server.name).pid, config.stackDir);
      log(`${stopped ? 'stopped' : 'not running'}: ${server.name}`);
    }),
  );
}

export interface ServerStatus {
  name: string;
  pid?: number;
  ready: boolean;
  log: string;
}

export async function stackStatus(config: StackConfig): Promise<ServerStatus[]> {
  return Promise.all(
    stackServers(config).map(async (server) => {
      const paths = stackPaths(config, server.name);
      const pid = runningPid(paths.pid, config.stackDir);
      const ready = pid !== undefined && (await server.isReady().catch(() => false));
      return { name: server.name, ...(pid !== undefined ? { pid } : {}), ready, log: paths.log };
    }),
  );
}
