import { parseArgs } from 'node:util';
import {
  createLogger,
  createMetricsRegistry,
  GracefulShutdown,
  startOpsServer,
  TributaryError,
} from '@tributary/runtime';
import { startGithubEventsApp } from './app';
import { backfill, parseHour } from './backfill/backfill';
import { loadConfigOrExit } from './config/env';
import { EventsClient } from './poller/events-client';
import { EventsPoller } from './poller/events-poller';

const USAGE = `usage:
  github-events                                   poll GET /events continuously (default)
  github-events backfill --from 2025-01-15T00 --to 2025-01-15T23
                                                  stream GH Archive hours (UTC, inclusive) into the same topic`;

/** Seconds given to publishing what is buffered when stopping. */
const DRAIN_TIMEOUT_MS = 15_000;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

async function main(): Promise<void> {
  const { positionals, values } = (() => {
    try {
      return parseArgs({
        allowPositionals: true,
        options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } },
      });
    } catch (error) {
      return usageError((error as Error).message);
    }
  })();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const command = positionals[0] ?? 'poll';
  if (!['poll', 'backfill'].includes(command)) usageError(`unknown command "${command}"`);
  let range: { from: Date; to: Date } | undefined;
  if (command === 'backfill') {
    if (!values.from || !values.to) usageError('backfill needs --from and --to');
    try {
      range = { from: parseHour(values.from, '--from'), to: parseHour(values.to, '--to') };
    } catch (error) {
      usageError((error as Error).message);
    }
    if (range.to < range.from) usageError('--to must not be before --from');
  }

  const config = loadConfigOrExit();
  const logger = createLogger({ app: 'github-events', level: config.logLevel });
  const registry = createMetricsRegistry('github-events');
  const shutdown = new GracefulShutdown({ logger });
  const stop = new AbortController();
  shutdown.register('stop polling', () => stop.abort());
  shutdown.listen();

  const app = await startGithubEventsApp(
    config,
    logger,
    registry,
    command === 'poll' ? 'api' : 'archive',
  );
  const ops = await startOpsServer({
    port: config.opsPort,
    registry,
    readinessChecks: app.readinessChecks,
  });
  shutdown.register('publish buffered records, disconnect', () => app.close(DRAIN_TIMEOUT_MS));
  shutdown.register('ops server', () => ops.close());
  shutdown.register('stop reporting ready', () => ops.markShuttingDown());

  if (range) {
    try {
      const summary = await backfill(
        {
          ...range,
          archiveUrl: config.archiveUrl,
          checkpointFile: config.backfillCheckpointFile,
          checkpointLines: config.backfillCheckpointLines,
          signal: stop.signal,
        },
        { ...app, logger },
      );
      logger.info({ ...summary }, 'backfill complete');
    } catch (error) {
      // Stopped by a signal: the shutdown steps publish, checkpoint state is already on disk.
      if (stop.signal.aborted) return;
      throw error;
    }
    await app.close(DRAIN_TIMEOUT_MS);
    await ops.close();
    process.exit(0);
  }

  const tokens = config.api.tokens.length > 0 ? config.api.tokens : [undefined];
  const clients = tokens.map(
    (token) =>
      new EventsClient(
        {
          baseUrl: config.api.baseUrl,
          userAgent: config.api.userAgent,
          timeoutMs: config.api.requestTimeoutMs,
          ...(token ? { token } : {}),
        },
        logger,
        config.api.perPage,
      ),
  );
  const poller = new EventsPoller(clients, app.pipeline, app.seen, app.metrics, logger, {
    maxPages: config.api.maxPages,
    minPollIntervalMs: config.api.minPollIntervalMs,
    rateLimitMinWaitMs: config.api.rateLimitMinWaitMs,
    backoffMaxMs: config.api.backoffMaxMs,
  });
  logger.info(
    {
      opsPort: ops.port,
      api: config.api.baseUrl,
      tokenCount: config.api.tokens.length,
      targets: config.targets,
      topic: config.topic,
    },
    'github-events polling',
  );
  await poller.run(stop.signal);
}

main().catch((error: unknown) => {
  const message =
    error instanceof TributaryError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`github-events failed: ${message}\n`);
  process.exit(1);
});
