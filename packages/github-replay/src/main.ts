import { z } from 'zod';
import { createLogger, envFields, GracefulShutdown, loadEnvOrExit } from '@tributary/runtime';
import { ReplayServer } from './replay-server';
import { firstIndexFromClock } from './timeline';

const env = loadEnvOrExit(
  z.object({
    REPLAY_PORT: envFields.port().default(19200),
    REPLAY_HOST: z.string().min(1).default('127.0.0.1'),
    REPLAY_SEED: z.coerce.number().int().default(42),
    REPLAY_EVENTS_PER_SECOND: z.coerce.number().nonnegative().default(20),
    REPLAY_INITIAL_EVENTS: z.coerce.number().int().nonnegative().default(300),
    // Unset: from the clock, so a restarted replay serves new ids and a poller with a dedupe
    // window from an earlier run still gets news (0 replays the seed's timeline from its start).
    REPLAY_FIRST_INDEX: z.coerce.number().int().nonnegative().optional(),
    REPLAY_POLL_INTERVAL_S: envFields.positiveInt().default(60),
    REPLAY_RATE_LIMIT: envFields.positiveInt().default(5000),
    REPLAY_RATE_LIMIT_WINDOW_S: envFields.positiveInt().default(3600),
    REPLAY_ARCHIVE_EVENTS_PER_HOUR: envFields.positiveInt().default(5000),
    REPLAY_ARCHIVE_BAD_LINES_PER_HOUR: z.coerce.number().int().nonnegative().default(2),
    LOG_LEVEL: envFields.logLevel().default('info'),
  }),
);

async function main(): Promise<void> {
  const logger = createLogger({ app: 'github-replay', level: env.LOG_LEVEL });
  const server = await new ReplayServer({
    port: env.REPLAY_PORT,
    host: env.REPLAY_HOST,
    seed: env.REPLAY_SEED,
    eventsPerSecond: env.REPLAY_EVENTS_PER_SECOND,
    initialEvents: env.REPLAY_INITIAL_EVENTS,
    firstIndex:
      env.REPLAY_FIRST_INDEX ?? firstIndexFromClock(Date.now(), env.REPLAY_EVENTS_PER_SECOND),
    pollIntervalS: env.REPLAY_POLL_INTERVAL_S,
    rateLimit: env.REPLAY_RATE_LIMIT,
    rateLimitWindowS: env.REPLAY_RATE_LIMIT_WINDOW_S,
    archive: {
      eventsPerHour: env.REPLAY_ARCHIVE_EVENTS_PER_HOUR,
      badLinesPerHour: env.REPLAY_ARCHIVE_BAD_LINES_PER_HOUR,
    },
  }).listen();
  const shutdown = new GracefulShutdown({ logger });
  shutdown.register('replay server', () => server.close());
  shutdown.listen();
  logger.info({ url: server.url }, 'github replay server listening');
}

main().catch((error: unknown) => {
  process.stderr.write(`github-replay failed: ${String(error)}\n`);
  process.exit(1);
});
