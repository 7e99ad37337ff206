import { z } from 'zod';
import { loadEnv } from '@tributary/runtime';

const schema = z.object({
  TRIBUTARY_KAFKA_BROKERS: z.string().min(1),
  TRIBUTARY_S3_ENDPOINT: z.url().optional(),
  TRIBUTARY_S3_REGION: z.string().min(1).default('us-east-1'),
  TRIBUTARY_S3_BUCKET: z.string().min(1),
  TRIBUTARY_KINESIS_ENDPOINT: z.url().optional(),
  TRIBUTARY_PROMETHEUS_URL: z.url(),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
});

export interface StackEndpoints {
  kafkaBrokers: string[];
  s3: {
    endpoint?: string;
    region: string;
    bucket: string;
    accessKeyId?: string;
    secretAccessKey?: string;
  };
  kinesis: { endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string };
  prometheusUrl: string;
}

/** The servers tests talk to, as the global setup (or the caller's environment) describes them. */
export function stackEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  const parsed = loadEnv(schema, env);
  const credentials = {
    ...(parsed.AWS_ACCESS_KEY_ID ? { accessKeyId: parsed.AWS_ACCESS_KEY_ID } : {}),
    ...(parsed.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: parsed.AWS_SECRET_ACCESS_KEY } : {}),
  };
  return {
    kafkaBrokers: parsed.TRIBUTARY_KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
    s3: {
      ...(parsed.TRIBUTARY_S3_ENDPOINT ? { endpoint: parsed.TRIBUTARY_S3_ENDPOINT } : {}),
      region: parsed.TRIBUTARY_S3_REGION,
      bucket: parsed.TRIBUTARY_S3_BUCKET,
      ...credentials,
    },
    kinesis: {
      ...(parsed.TRIBUTARY_KINESIS_ENDPOINT ? { endpoint: parsed.TRIBUTARY_KINESIS_ENDPOINT } : {}),
      region: parsed.TRIBUTARY_S3_REGION,
      ...credentials,
    },
    prometheusUrl: parsed.TRIBUTARY_PROMETHEUS_URL,
  };
}
