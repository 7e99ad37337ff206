import 'reflect-metadata';
import {
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, describeError } from '../errors';
import { createLogger } from '../logger';
import { createMetricsRegistry } from '../metrics';
import { startOpsServer } from '../ops-server';
import { GracefulShutdown } from '../shutdown';
import { AppControl } from './app-control';
import { Readiness } from './readiness';
import { RuntimeModule } from './runtime.module';

/** EX_CONFIG from sysexits.h: the configuration is wrong, restarting will not help. */
export const EXIT_CONFIG = 78;

/** What every app's config has: where the ops server listens and how much to log. */
export interface AppBaseConfig {
  opsPort: number;
  logLevel: string;
}

/** An app, as `main.ts` hands it over: its name, its config loader and its root module. */
export interface AppDefinition<Config extends AppBaseConfig> {
  name: string;
  /** Validates the environment; throws `ConfigError` naming each bad variable. */
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  rootModule: (config: Config) => Type<unknown> | DynamicModule;
  /** Longest a graceful shutdown may take before the process exits anyway (default 25 s). */
  shutdownTimeoutMs?: number;
}

export interface RunOptions {
  /**
   * A one-off command (a backfill, one collection run) run once the app has started; the app then
   * shuts down gracefully and exits 0, or 1 if the command failed. Without it the app runs until
   * SIGTERM. `signal` aborts when a shutdown begins.
   */
  command?: (app: INestApplicationContext, signal: AbortSignal) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

/**
 * The one way an app starts: config (exit 78 when invalid) → logger → metrics registry → Nest
 * application context (the app's root module beside `RuntimeModule`) → ops server (`/metrics`,
 * `/health/*`) → lifecycle hooks start the work. SIGTERM/SIGINT run the ordered shutdown: stop
 * reporting ready, stop the command, close the app (Nest's hooks: `onModuleDestroy` stops intake,
 * `beforeApplicationShutdown` drains, `onApplicationShutdown` disconnects), close the ops server.
 */
export async function runApp<Config extends AppBaseConfig>(
  definition: AppDefinition<Config>,
  options: RunOptions = {},
): Promise<void> {
  let config: Config;
  try {
    config = definition.loadConfig(options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = createLogger({ app: definition.name, level: config.logLevel });
  const registry = createMetricsRegistry(definition.name);
  const shutdown = new GracefulShutdown({
    logger,
    ...(definition.shutdownTimeoutMs ? { timeoutMs: definition.shutdownTimeoutMs } : {}),
  });
  const commandSignal = new AbortController();

  try {
    @Module({
      imports: [RuntimeModule.forRoot({ config, logger, registry }), definition.rootModule(config)],
    })
    class AppRootModule {}

    const app = await NestFactory.createApplicationContext(AppRootModule, {
      logger: false,
      abortOnError: false,
    });
    const ops = await startOpsServer({
      port: config.opsPort,
      registry,
      readinessChecks: app.get(Readiness).checks,
    });
    shutdown.register('ops server', () => ops.close());
    shutdown.register('app (stop intake, drain, disconnect)', () => app.close());
    shutdown.register('command', () => commandSignal.abort());
    shutdown.register('stop reporting ready', () => ops.markShuttingDown());
    app.get(AppControl).bind((reason, error) => {
      logger.fatal({ err: error }, reason);
      void shutdown.stopAndExit(reason, 1);
    });
    shutdown.listen();
    await app.init();
    logger.info({ opsPort: ops.port }, `${definition.name} started`);

    if (options.command) {
      try {
        await options.command(app, commandSignal.signal);
      } catch (error) {
        if (commandSignal.signal.aborted) return; // stopped by a signal: the shutdown is under way
        logger.error({ err: error }, 'command failed');
        process.stderr.write(`${definition.name}: ${describeError(error)}\n`);
        await shutdown.stopAndExit('command failed', 1);
        return;
      }
      await shutdown.stopAndExit('command finished');
    }
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    process.stderr.write(`${definition.name} failed to start: ${describeError(error)}\n`);
    await shutdown.stopAndExit('start-up failed', 1);
  }
}
