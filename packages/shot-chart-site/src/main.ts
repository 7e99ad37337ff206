import { z } from 'zod';
import { createLogger, envFields, GracefulShutdown, loadEnvOrExit } from '@tributary/runtime';
import { isoDateToMs } from './schedule';
import { ShotChartSite } from './site-server';

const isoDate = () =>
  z.string().refine((value) => isoDateToMs(value) !== undefined, 'expected a date as YYYY-MM-DD');

const env = loadEnvOrExit(
  z
    .object({
      SITE_PORT: envFields.port().default(19300),
      SITE_HOST: z.string().min(1).default('127.0.0.1'),
      SITE_SEED: z.coerce.number().int().default(42),
      SITE_FROM: isoDate().default('2024-10-22'),
      SITE_TO: isoDate().default('2024-12-31'),
      SITE_POLITENESS: envFields.boolean().default(true),
      SITE_RATE_LIMIT_PER_MIN: envFields.positiveInt().default(20),
      SITE_BLOCK_S: envFields.positiveInt().default(60),
      SITE_MAX_BLOCK_S: envFields.positiveInt().default(86_400),
      SITE_CRAWL_DELAY_S: z.coerce.number().nonnegative().default(3),
      SITE_LATENCY_MS: z.coerce.number().int().nonnegative().default(0),
      SITE_CLIENT_KEY: z.enum(['ip', 'ip+user-agent']).default('ip'),
      LOG_LEVEL: envFields.logLevel().default('info'),
    })
    .refine(
      (value) =>
        isoDateToMs(value.SITE_FROM) === undefined ||
        isoDateToMs(value.SITE_TO) === undefined ||
        value.SITE_FROM <= value.SITE_TO,
      { path: ['SITE_TO'], message: 'must not be before SITE_FROM' },
    ),
);

async function main(): Promise<void> {
  const logger = createLogger({ app: 'shot-chart-site', level: env.LOG_LEVEL });
  const site = await new ShotChartSite({
    port: env.SITE_PORT,
    host: env.SITE_HOST,
    seed: env.SITE_SEED,
    from: env.SITE_FROM,
    to: env.SITE_TO,
    politeness: {
      enabled: env.SITE_POLITENESS,
      requestsPerMinute: env.SITE_RATE_LIMIT_PER_MIN,
      blockS: env.SITE_BLOCK_S,
      maxBlockS: env.SITE_MAX_BLOCK_S,
      crawlDelayS: env.SITE_CRAWL_DELAY_S,
    },
    latencyMs: env.SITE_LATENCY_MS,
    clientKey: env.SITE_CLIENT_KEY,
  }).listen();
  const shutdown = new GracefulShutdown({ logger });
  shutdown.register('shot-chart site', () => site.close());
  shutdown.listen();
  logger.info(
    { url: site.url, from: env.SITE_FROM, to: env.SITE_TO, politeness: env.SITE_POLITENESS },
    'shot-chart site listening',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`shot-chart-site failed: ${String(error)}\n`);
  process.exit(1);
});
