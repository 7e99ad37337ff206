import type { S3Client } from '@aws-sdk/client-s3';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { createLogger } from '@tributary/runtime';
import { KAFKA_CLIENT, RuntimeModule, S3_CLIENT } from '@tributary/runtime/app';
import { stackServiceEnv } from '@tributary/local-stack/testing';
import { createS3Client } from '@tributary/runtime/aws';
import { loadSinkConfig, type SinkConfig } from '../src/config/env';
import { SinkModule } from '../src/sink.module';
import { SinkLifecycle } from '../src/task/sink.lifecycle';
import { endpoints } from './helpers';

export interface RunningSink {
  app: TestingModule;
  config: SinkConfig;
  registry: Registry;
  stop: () => Promise<void>;
}

/** The environment a sink gets in these tests: the stack's endpoints plus the suite's own names. */
export function sinkEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...stackServiceEnv(), SINK_MAX_FILE_AGE_S: '2', ...overrides };
}

/**
 * Runs a bronze sink in this process: the app's own module (SinkModule) under Nest's testing module,
 * with a quiet Kafka client and the test's S3 client (`customize` may override other providers). `onS3Client` sees that client before the sink
 * starts, e.g. to add a middleware that holds or fails some requests to the real MinIO. Resolves once
 * the sink consumes (its group joined).
 */
export async function startSink(
  overrides: Record<string, string>,
  onS3Client: (client: S3Client) => void = () => undefined,
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<RunningSink> {
  const config = loadSinkConfig(sinkEnv(overrides));
  const s3 = createS3Client({ ...config.s3, ...endpoints.s3 });
  onS3Client(s3);
  const registry = new Registry();
  const logger = createLogger({
    app: 'bronze-sink-test',
    level: 'warn',
    destination: process.stderr,
  });
  const builder = Test.createTestingModule({
    imports: [RuntimeModule.forRoot({ config, logger, registry }), SinkModule.register(config)],
  })
    .overrideProvider(KAFKA_CLIENT)
    .useValue(
      new Kafka({
        clientId: 'bronze-sink-test',
        brokers: config.kafka.brokers,
        logLevel: logLevel.NOTHING,
      }),
    )
    .overrideProvider(S3_CLIENT)
    .useValue(s3);
  const app = await customize(builder).compile();
  await app.init();
  await app.get(SinkLifecycle).consuming;
  return { app, config, registry, stop: () => app.close() };
}

export async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((value) =>
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
    )
    .reduce((sum, value) => sum + value.value, 0);
}
