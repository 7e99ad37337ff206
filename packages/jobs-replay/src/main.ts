import { createLogger, GracefulShutdown, loadEnvOrExit } from '@tributary/runtime';
import { replayOptionsFromEnv, ReplayEnv } from './env';
import { JobsReplayServer } from './replay-server';
import { SOURCES } from './sources';

const env = loadEnvOrExit(ReplayEnv);

async function main(): Promise<void> {
  const logger = createLogger({ app: 'jobs-replay', level: env.LOG_LEVEL });
  const server = await new JobsReplayServer(replayOptionsFromEnv(env, Date.now())).listen();
  const shutdown = new GracefulShutdown({ logger });
  shutdown.register('jobs replay server', () => server.close());
  shutdown.listen();
  const port = Number(new URL(server.url).port);
  logger.info(
    { url: server.url, port, seed: env.REPLAY_SEED, speed: env.REPLAY_SPEED },
    `jobs replay listening on port ${port}: ${SOURCES.map((source) => `${server.url}/${source}`).join(' ')}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`jobs-replay failed: ${String(error)}\n`);
  process.exit(1);
});
