import type { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { createLogger } from '@tributary/runtime';
import { createS3Client } from '@tributary/runtime/aws';
import { loadSinkConfig, type SinkConfig } from '../src/config/env';
import { BronzeSink } from '../src/sink/bronze-sink';
import { SinkMetrics } from '../src/sink/sink-metrics';
import { endpoints } from './helpers';

export interface RunningSink {
  sink: BronzeSink;
  config: SinkConfig;
  metrics: SinkMetrics;
  registry: Registry;
  stop: () => Promise<void>;
}

/** The environment a sink gets in these tests: the stack's endpoints plus the suite's own names. */
export function sinkEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    TRIBUTARY_KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    TRIBUTARY_S3_REGION: endpoints.s3.region,
    ...(endpoints.s3.endpoint ? { TRIBUTARY_S3_ENDPOINT: endpoints.s3.endpoint } : {}),
    AWS_ACCESS_KEY_ID: endpoints.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoints.s3.secretAccessKey,
    AWS_REGION: endpoints.s3.region,
    SINK_MAX_FILE_AGE_S: '2',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/**
 * Runs a bronze sink in this process (as main.ts wires it, minus Nest and the ops port).
 * `onS3Client` sees the sink's S3 client before it starts, e.g. to add a middleware that holds or
 * fails some requests to the real MinIO.
 */
export async function startSink(
  overrides: Record<string, string>,
  onS3Client: (client: S3Client) => void = () => undefined,
): Promise<RunningSink> {
  const config = loadSinkConfig(sinkEnv(overrides));
  const s3 = createS3Client({ ...config.s3, ...endpoints.s3 });
  onS3Client(s3);
  const registry = new Registry();
  const metrics = new SinkMetrics(registry);
  const sink = new BronzeSink({
    config,
    metrics,
    logger: createLogger({
      app: 'bronze-sink-test',
      level: 'warn',
      destination: process.stderr,
    }),
    kafka: new Kafka({
      clientId: 'bronze-sink-test',
      brokers: config.kafka.brokers,
      logLevel: logLevel.NOTHING,
    }),
    s3,
  });
  await sink.start();
  return { sink, config, metrics, registry, stop: () => sink.stop() };
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
