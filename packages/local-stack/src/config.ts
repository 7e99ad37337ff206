import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';

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
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = loadEnv(schema, env);
  const config: StackConfig = {
    stackDir: resolve(parsed.TRIBUTARY_STACK_DIR),
    cacheDir: resolve(parsed.TRIBUTARY_CACHE_DIR),
    ports: {
      kafka: parsed.TRIBUTARY_KAFKA_PORT,
      kafkaController: parsed.TRIBUTARY_KAFKA_CONTROLLER_PORT,
      minio: parsed.TRIBUTARY_MINIO_PORT,
      minioConsole: parsed.TRIBUTARY_MINIO_CONSOLE_PORT,
      kinesis: parsed.TRIBUTARY_KINESIS_PORT,
      kinesisTls: parsed.TRIBUTARY_KINESIS_TLS_PORT,
      prometheus: parsed.TRIBUTARY_PROMETHEUS_PORT,
    },
    bucket: parsed.TRIBUTARY_STACK_BUCKET,
    startTimeoutMs: parsed.TRIBUTARY_STACK_START_TIMEOUT_S * 1000,
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
