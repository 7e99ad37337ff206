import 'reflect-metadata';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { NestFactory } from '@nestjs/core';
import {
  createLogger,
  createMetricsRegistry,
  GracefulShutdown,
  startOpsServer,
} from '@tributary/runtime';
import { createS3Client } from '@tributary/runtime/aws';
import { AppModule } from './app.module';
import { loadSinkConfigOrExit } from './config/env';
import { BronzeSink } from './sink/bronze-sink';

async function main(): Promise<void> {
  const config = loadSinkConfigOrExit();
  const logger = createLogger({ app: 'bronze-sink', level: config.logLevel });
  const registry = createMetricsRegistry('bronze-sink');
  const shutdown = new GracefulShutdown({ logger });
  shutdown.listen();

  const app = await NestFactory.createApplicationContext(
    AppModule.register(config, logger, registry),
    {
      logger: false,
      abortOnError: false,
    },
  );
  const sink = app.get(BronzeSink);
  const s3 = createS3Client({ ...config.s3 });
  const ops = await startOpsServer({
    port: config.opsPort,
    registry,
    readinessChecks: [
      { name: 'kafka', check: () => sink.kafkaAnswers() },
      {
        name: 's3',
        check: async () => {
          await s3.send(new HeadBucketCommand({ Bucket: config.s3.bucket }), {
            abortSignal: AbortSignal.timeout(1_500),
          });
          return true;
        },
      },
    ],
  });
  shutdown.register('ops server', () => ops.close());
  shutdown.register('sink (flush, commit, leave group)', () => app.close());
  shutdown.register('stop reporting ready', () => ops.markShuttingDown());
  await app.init();
  logger.info({ opsPort: ops.port, topics: config.topics }, 'bronze-sink ready');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bronze-sink failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
