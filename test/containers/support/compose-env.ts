import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** A free TCP port on loopback (the compose project publishes its ports there only). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface ComposePorts {
  kafka: number;
  s3: number;
  s3Console: number;
  prometheus: number;
  kinesis: number;
}

export interface ComposeRun {
  project: string;
  ports: ComposePorts;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The variables docker-compose.yml reads: ports, fresh secrets, image names, test timings. */
  environment: Record<string, string>;
}

/** Image variables the stage exports (locally made images); unset ones keep compose's defaults. */
const PASSED_THROUGH = [
  'TRIBUTARY_NODE_IMAGE',
  'TRIBUTARY_KAFKA_IMAGE',
  'TRIBUTARY_MINIO_IMAGE',
  'TRIBUTARY_PROMETHEUS_IMAGE',
  'TRIBUTARY_KINESIS_IMAGE',
  'TRIBUTARY_IMAGE_REPOSITORY',
  'TRIBUTARY_IMAGE_TAG',
];

export async function composeRun(project: string, overrides: Record<string, string> = {}) {
  const ports: ComposePorts = {
    kafka: await freePort(),
    s3: await freePort(),
    s3Console: await freePort(),
    prometheus: await freePort(),
    kinesis: await freePort(),
  };
  const credentials = {
    accessKeyId: `tributary-${randomBytes(4).toString('hex')}`,
    secretAccessKey: randomBytes(18).toString('base64url'),
  };
  const environment: Record<string, string> = {
    ...Object.fromEntries(
      PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
    ),
    TRIBUTARY_COMPOSE_KAFKA_PORT: String(ports.kafka),
    TRIBUTARY_COMPOSE_S3_PORT: String(ports.s3),
    TRIBUTARY_COMPOSE_S3_CONSOLE_PORT: String(ports.s3Console),
    TRIBUTARY_COMPOSE_PROMETHEUS_PORT: String(ports.prometheus),
    TRIBUTARY_COMPOSE_KINESIS_PORT: String(ports.kinesis),
    MINIO_ROOT_USER: credentials.accessKeyId,
    MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  return { project, ports, credentials, environment } satisfies ComposeRun;
}
