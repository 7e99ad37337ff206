import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from '@tributary/runtime/aws';
import { stackPaths, type StackConfig } from '../config';
import type { StackCredentials } from '../credentials';
import type { LaunchSpec, StackServer } from '../server';

const PERSIST_FILE = 'kinesis-data.json';

/**
 * kinesis-local dies at start on a torn persist file (empty or cut short: it was killed while
 * writing), and the whole stack with it. That state is scratch data, so it is set aside, not fatal.
 */
export function setAsideUnreadableState(file: string, log: (line: string) => void): void {
  if (!existsSync(file)) return;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    log(
      `kinesis: its saved state could not be read (${error instanceof Error ? error.message : String(error)}); moved to ${aside}, starting empty`,
    );
  }
}

/** kinesis-local (kinesis-mock compiled to JavaScript), installed as an npm dependency of this package. */
export function kinesisServer(config: StackConfig, credentials: StackCredentials): StackServer {
  const paths = stackPaths(config, 'kinesis');
  const packageDir = dirname(require.resolve('kinesis-local/package.json'));
  const endpoint = `http://127.0.0.1:${config.ports.kinesis}`;
  const region = 'us-east-1';

  return {
    name: 'kinesis',
    ports: {
      TRIBUTARY_KINESIS_PORT: config.ports.kinesis,
      TRIBUTARY_KINESIS_TLS_PORT: config.ports.kinesisTls,
    },
    // An npm dependency of this package: installed with the packages.
    install: () => Promise.resolve('present' as const),
    prepare(): Promise<LaunchSpec> {
      mkdirSync(paths.data, { recursive: true });
      setAsideUnreadableState(join(paths.data, PERSIST_FILE), (line) =>
        process.stderr.write(`${line}\n`),
      );
      return Promise.resolve({
        command: process.execPath,
        args: [join(packageDir, 'main.js')],
        // It reads its TLS certificate (server.json) relative to the working directory.
        cwd: packageDir,
        env: {
          KINESIS_MOCK_PLAIN_PORT: String(config.ports.kinesis),
          KINESIS_MOCK_TLS_PORT: String(config.ports.kinesisTls),
          SHOULD_PERSIST_DATA: 'true',
          PERSIST_PATH: paths.data,
          AWS_REGION: region,
          LOG_LEVEL: 'WARN',
        },
      });
    },
    async isReady() {
      const kinesis = createKinesisClient({ endpoint, region, ...credentials });
      try {
        await kinesis.send(new ListStreamsCommand({}), { abortSignal: AbortSignal.timeout(1_000) });
        return true;
      } finally {
        kinesis.destroy();
      }
    },
    endpoints: () => ({ TRIBUTARY_KINESIS_ENDPOINT: endpoint }),
    describe: () => `Kinesis     ${endpoint} (kinesis-local, region ${region})`,
  };
}
