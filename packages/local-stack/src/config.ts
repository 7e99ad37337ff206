import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';
import { readStackState } from './stack-state';

/** The repository root (this file is compiled to packages/local-stack/dist/). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

const schema = z.object({
  TRIBUTARY_STACK_DIR: z.string().min(1).default(join(REPO_ROOT, '.stack')),
  TRIBUTARY_CACHE_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.cache', 'tributary')),
  TRIBUTARY_KAFKA_PORT: envFields.port().default(19092),
  TRIBUTARY_KAFKA_CONTROLLER_PORT: envFields.port().default(19093),
  TRIBUTARY_MINIO_PORT: envFields.port().default(19000),
  TRIBUTARY_MINIO_CONSOLE_PORT: envFields.port().default(19001),
  TRIBUTARY_KINESIS_PORT: envFields.port().default(14568),
  TRIBUTARY_KINESIS_TLS_PORT: envFields.port().default(14567),
  TRIBUTARY_PROMETHEUS_PORT: envFields.port().default(19090),
  TRIBUTARY_STACK_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')
    .default('bronze'),
  TRIBUTARY_STACK_START_TIMEOUT_S: envFields.positiveInt().default(180),
});

export interface StackConfig {
  stackDir: string;
  cacheDir: string;
  ports: {
    kafka: number;
    kafkaController: number;
    minio: number;
    minioConsole: number;
    kinesis: number;
    kinesisTls: number;
    prometheus: number;
  };
  bucket: string;
  startTimeoutMs: number;
  /**
   * Which settings the caller's environment gave explicitly (by variable name); the others come
   * from the stack folder's memory (stack.json) or the defaults.
   */
  explicit?: readonly string[];
}

/** The variable that moves each port. */
export const PORT_VARIABLES = {
  kafka: 'TRIBUTARY_KAFKA_PORT',
  kafkaController: 'TRIBUTARY_KAFKA_CONTROLLER_PORT',
  minio: 'TRIBUTARY_MINIO_PORT',
  minioConsole: 'TRIBUTARY_MINIO_CONSOLE_PORT',
  kinesis: 'TRIBUTARY_KINESIS_PORT',
  kinesisTls: 'TRIBUTARY_KINESIS_TLS_PORT',
  prometheus: 'TRIBUTARY_PROMETHEUS_PORT',
} as const satisfies Record<keyof StackConfig['ports'], string>;

const BUCKET_VARIABLE = 'TRIBUTARY_STACK_BUCKET';

/**
 * The stack's configuration: a variable set in `env` wins; otherwise what the stack folder was last
 * started with (stack.json, written by `stack up`); otherwise the default. So a stack started on moved
 * ports is found again by every later command without the variables.
 */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = loadEnv(schema, env);
  const stackDir = resolve(parsed.TRIBUTARY_STACK_DIR);
  const remembered = readStackState(stackDir);
  const given = (variable: string) => env[variable] !== undefined && env[variable] !== '';
  const defaults = {
    kafka: parsed.TRIBUTARY_KAFKA_PORT,
    kafkaController: parsed.TRIBUTARY_KAFKA_CONTROLLER_PORT,
    minio: parsed.TRIBUTARY_MINIO_PORT,
    minioConsole: parsed.TRIBUTARY_MINIO_CONSOLE_PORT,
    kinesis: parsed.TRIBUTARY_KINESIS_PORT,
    kinesisTls: parsed.TRIBUTARY_KINESIS_TLS_PORT,
    prometheus: parsed.TRIBUTARY_PROMETHEUS_PORT,
  };
  const ports = Object.fromEntries(
    (Object.keys(PORT_VARIABLES) as (keyof typeof PORT_VARIABLES)[]).map((name) => [
      name,
      given(PORT_VARIABLES[name]) || !remembered ? defaults[name] : remembered.ports[name],
    ]),
  ) as StackConfig['ports'];
  const config: StackConfig = {
    stackDir,
    cacheDir: resolve(parsed.TRIBUTARY_CACHE_DIR),
    ports,
    bucket:
      given(BUCKET_VARIABLE) || !remembered ? parsed.TRIBUTARY_STACK_BUCKET : remembered.bucket,
    startTimeoutMs: parsed.TRIBUTARY_STACK_START_TIMEOUT_S * 1000,
    explicit: [...Object.values(PORT_VARIABLES), BUCKET_VARIABLE].filter(given),
  };
  assertDistinctPorts(config.ports);
  return config;
}

function assertDistinctPorts(ports: StackConfig['ports']): void {
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    const other = seen.get(port);
    if (other)
      throw new Error(`Invalid configuration: ports of ${other} and ${name} are both ${port}`);
    seen.set(port, name);
  }
}

/** Where each server keeps its data, logs and pid file inside the stack folder. */
export function stackPaths(config: StackConfig, server: string) {
  return {
    data: join(config.stackDir, 'data', server),
    log: join(config.stackDir, 'logs', `${server}.log`),
    pid: join(config.stackDir, 'run', `${server}.pid`),
    conf: join(config.stackDir, 'conf', server),
  };
}

const toolSchema = z.object({
  /** The apps `./tributary run` starts (and `logs`/`backfill` know); tests point it elsewhere. */
  TRIBUTARY_APPS_FILE: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, 'deploy', 'local', 'apps.json')),
});

/** Settings of the developer commands (run, logs, backfill) beyond the stack itself. */
export function loadToolConfig(env: NodeJS.ProcessEnv = process.env): { appsFile: string } {
  const parsed = loadEnv(toolSchema, env);
  return { appsFile: resolve(parsed.TRIBUTARY_APPS_FILE) };
}

/** Where `./tributary run` writes each app's output (one file per app, appended across runs). */
export function appLogFile(config: StackConfig, app: string): string {
  return join(config.stackDir, 'logs', 'apps', `${app}.log`);
}
