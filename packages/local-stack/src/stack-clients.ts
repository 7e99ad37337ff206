import type { S3Client } from '@aws-sdk/client-s3';
import { Kafka, logLevel } from 'kafkajs';
import { createS3Client } from '@tributary/runtime/aws';
import type { StackConfig } from './config';
import { readStackEnv } from './stack';
import { StackError } from './stack-error';

export interface StackClients {
  env: Record<string, string>;
  kafka: Kafka;
  brokers: string;
  s3: S3Client;
  s3Endpoint: string;
  bucket: string;
}

/**
 * Clients for the stack this folder runs, with its own endpoints and credentials (never the caller's
 * AWS variables, which may belong to a real account).
 */
export function stackClients(config: StackConfig): StackClients {
  const env = readStackEnv(config);
  if (!env?.TRIBUTARY_KAFKA_BROKERS || !env.TRIBUTARY_S3_ENDPOINT) {
    throw new StackError(
      'STACK_NOT_RUNNING',
      `the local stack in ${config.stackDir} has not been started (./tributary stack up, or ./tributary run)`,
    );
  }
  return {
    env,
    brokers: env.TRIBUTARY_KAFKA_BROKERS,
    kafka: new Kafka({
      clientId: 'tributary-cli',
      brokers: env.TRIBUTARY_KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      retry: { retries: 1 },
    }),
    s3: createS3Client({
      endpoint: env.TRIBUTARY_S3_ENDPOINT,
      region: env.TRIBUTARY_S3_REGION ?? 'us-east-1',
      ...(env.AWS_ACCESS_KEY_ID ? { accessKeyId: env.AWS_ACCESS_KEY_ID } : {}),
      ...(env.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: env.AWS_SECRET_ACCESS_KEY } : {}),
    }),
    s3Endpoint: env.TRIBUTARY_S3_ENDPOINT,
    bucket: env.TRIBUTARY_S3_BUCKET ?? config.bucket,
  };
}

/** Runs `work` with a connected admin; a Kafka that does not answer is named as such. */
export async function withKafkaAdmin<T>(
  clients: StackClients,
  work: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = clients.kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new StackError(
      'STACK_NOT_RUNNING',
      `Kafka at ${clients.brokers} does not answer (${(error as Error).message}); ./tributary stack status shows the servers`,
      { cause: error },
    );
  }
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
