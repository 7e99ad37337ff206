import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { cachedDirectory, isCached } from '../cache';
import { createS3Client } from '@tributary/runtime/aws';
import { run } from '../commands';
import { stackPaths, type StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import type { LaunchSpec, StackServer } from '../server';

/**
 * MinIO's repository is archived and its release commits are not all served by the Go module
 * proxy; this is the newest commit the proxy serves (see docs/decisions/0004-minio-from-source.md).
 */
export const MINIO_MODULE = 'github.com/minio/minio';
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';

export function minioServer(config: StackConfig, credentials: StackCredentials): StackServer {
  const paths = stackPaths(config, 'minio');
  const binDir = join(config.cacheDir, `minio-${MINIO_VERSION}`);
  const endpoint = `http://127.0.0.1:${config.ports.minio}`;
  const region = 'us-east-1';

  return {
    name: 'minio',
    ports: {
      TRIBUTARY_MINIO_PORT: config.ports.minio,
      TRIBUTARY_MINIO_CONSOLE_PORT: config.ports.minioConsole,
    },
    async install() {
      if (isCached(binDir)) return 'present';
      await cachedDirectory(binDir, async (temp) => {
        await run('go', ['install', '-trimpath', `${MINIO_MODULE}@${MINIO_VERSION}`], {
          env: { ...process.env, GOBIN: temp, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
        });
      });
      return 'installed';
    },
    prepare(): Promise<LaunchSpec> {
      mkdirSync(paths.data, { recursive: true });
      return Promise.resolve({
        command: join(binDir, 'minio'),
        args: [
          'server',
          paths.data,
          '--address',
          `127.0.0.1:${config.ports.minio}`,
          '--console-address',
          `127.0.0.1:${config.ports.minioConsole}`,
          '--quiet',
        ],
        cwd: paths.data,
        env: {
          MINIO_ROOT_USER: credentials.accessKeyId,
          MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
          MINIO_UPDATE: 'off',
          MINIO_BROWSER_LOGIN_ANIMATION: 'off',
        },
      });
    },
    async isReady() {
      const response = await fetch(`${endpoint}/minio/health/ready`, {
        signal: AbortSignal.timeout(1_000),
      });
      return response.status === 200;
    },
    async afterReady() {
      const s3 = createS3Client({ endpoint, region, ...credentials });
      try {
        await s3.send(new HeadBucketCommand({ Bucket: config.bucket }));
      } catch {
        await s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
      } finally {
        s3.destroy();
      }
    },
    endpoints: () => ({
      TRIBUTARY_S3_ENDPOINT: endpoint,
      TRIBUTARY_S3_REGION: region,
      TRIBUTARY_S3_BUCKET: config.bucket,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    describe: () =>
      `MinIO       ${endpoint} (bucket ${config.bucket}; console http://127.0.0.1:${config.ports.minioConsole}, credentials in ${join(config.stackDir, 'credentials.json')})`,
  };
}
