import { hostname } from 'node:os';
import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';
import { topicSpec } from '@tributary/schemas';
import { loadSinkNative } from '@tributary/sink-native';

const MiB = 1024 * 1024;

const schema = z.object({
  SINK_TOPICS: envFields
    .list()
    .refine((topics) => topics.every((topic) => topicSpec(topic) !== undefined), {
      message: 'every topic must be registered in @tributary/schemas (TOPIC_REGISTRY)',
    }),
  SINK_GROUP_ID: z.string().min(1).default('tributary-bronze-sink'),
  SINK_INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  SINK_START_POSITION: z.enum(['committed', 'earliest', 'latest']).default('committed'),
  SINK_TIME_SOURCE: z.enum(['event', 'kafka', 'wallclock']).default('event'),
  SINK_COMPRESSION: z.enum(['zstd', 'snappy', 'gzip', 'none']).default('zstd'),
  SINK_MAX_FILE_RECORDS: envFields.positiveInt().default(500_000),
  SINK_MAX_FILE_BYTES: envFields.positiveInt().default(128 * MiB),
  SINK_MAX_FILE_AGE_S: envFields.positiveInt().default(60),
  SINK_BUFFER_BYTES: envFields.positiveInt().default(24 * MiB),
  SINK_BUFFER_COMPRESSION: z.enum(['zstd', 'none']).default('zstd'),
  SINK_MAX_RECORD_BYTES: envFields.positiveInt().default(1 * MiB),
  SINK_DECODE_THREADS: envFields.positiveInt().default(1),
  // native: Rust (packages/sink-native) parses, validates and builds Arrow, and writes Parquet;
  // js: zod, apache-arrow and parquet-wasm. Same rows, files and dead letters (decision 0045).
  SINK_DECODER: z
    .enum(['native', 'js'])
    .default('native')
    .superRefine((decoder, context) => {
      if (decoder !== 'native') return;
      try {
        loadSinkNative();
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `the native decoder cannot be loaded (${error instanceof Error ? error.message : String(error)}); run ./tributary setup, or set SINK_DECODER=js`,
        });
      }
    }),
  SINK_MULTIPART_THRESHOLD_BYTES: envFields.positiveInt().default(16 * MiB),
  SINK_HOUR_GRACE_S: z.coerce.number().int().nonnegative().default(600),
  SINK_HOUR_IDLE_S: envFields.positiveInt().default(30),
  SINK_SESSION_TIMEOUT_S: envFields.positiveInt().default(15),
  SINK_RESTART_CRON: z.string().min(1).default('0 0 * * * *'),
  SINK_CHECKPOINT_PREFIX: z.string().min(1).default('_tributary/checkpoints'),
  TRIBUTARY_KAFKA_BROKERS: envFields.list(),
  TRIBUTARY_KAFKA_CLIENT_ID: z.string().min(1).default('bronze-sink'),
  TRIBUTARY_S3_BUCKET: z.string().min(3),
  TRIBUTARY_S3_REGION: z.string().min(1).default('us-east-1'),
  TRIBUTARY_S3_ENDPOINT: envFields.url().optional(),
  OPS_PORT: envFields.port().default(9464),
  LOG_LEVEL: envFields.logLevel().default('info'),
});

export type SinkEnv = z.infer<typeof schema>;

export interface SinkConfig {
  topics: string[];
  groupId: string;
  instanceId: string;
  startPosition: SinkEnv['SINK_START_POSITION'];
  timeSource: SinkEnv['SINK_TIME_SOURCE'];
  compression: SinkEnv['SINK_COMPRESSION'];
  rotation: { maxRecords: number; maxBytes: number; maxAgeMs: number };
  bufferBytes: number;
  bufferCompression: SinkEnv['SINK_BUFFER_COMPRESSION'];
  maxRecordBytes: number;
  decodeThreads: number;
  decoder: SinkEnv['SINK_DECODER'];
  multipartThresholdBytes: number;
  hourGraceMs: number;
  hourIdleMs: number;
  restartCron: string;
  sessionTimeoutMs: number;
  checkpointPrefix: string;
  kafka: { brokers: string[]; clientId: string };
  s3: { bucket: string; region: string; endpoint?: string };
  opsPort: number;
  logLevel: SinkEnv['LOG_LEVEL'];
}

function toConfig(env: SinkEnv): SinkConfig {
  return {
    topics: env.SINK_TOPICS,
    groupId: env.SINK_GROUP_ID,
    instanceId: env.SINK_INSTANCE_ID,
    startPosition: env.SINK_START_POSITION,
    timeSource: env.SINK_TIME_SOURCE,
    compression: env.SINK_COMPRESSION,
    rotation: {
      maxRecords: env.SINK_MAX_FILE_RECORDS,
      maxBytes: env.SINK_MAX_FILE_BYTES,
      maxAgeMs: env.SINK_MAX_FILE_AGE_S * 1000,
    },
    bufferBytes: env.SINK_BUFFER_BYTES,
    bufferCompression: env.SINK_BUFFER_COMPRESSION,
    maxRecordBytes: env.SINK_MAX_RECORD_BYTES,
    decodeThreads: env.SINK_DECODE_THREADS,
    decoder: env.SINK_DECODER,
    multipartThresholdBytes: env.SINK_MULTIPART_THRESHOLD_BYTES,
    hourGraceMs: env.SINK_HOUR_GRACE_S * 1000,
    hourIdleMs: env.SINK_HOUR_IDLE_S * 1000,
    restartCron: env.SINK_RESTART_CRON,
    sessionTimeoutMs: env.SINK_SESSION_TIMEOUT_S * 1000,
    checkpointPrefix: env.SINK_CHECKPOINT_PREFIX.replace(/\/+$/, ''),
    kafka: { brokers: env.TRIBUTARY_KAFKA_BROKERS, clientId: env.TRIBUTARY_KAFKA_CLIENT_ID },
    s3: {
      bucket: env.TRIBUTARY_S3_BUCKET,
      region: env.TRIBUTARY_S3_REGION,
      ...(env.TRIBUTARY_S3_ENDPOINT ? { endpoint: env.TRIBUTARY_S3_ENDPOINT } : {}),
    },
    opsPort: env.OPS_PORT,
    logLevel: env.LOG_LEVEL,
  };
}

/** Throws a ConfigError naming each bad variable (runApp prints it and exits 78). */
export function loadSinkConfig(env: NodeJS.ProcessEnv = process.env): SinkConfig {
  return toConfig(loadEnv(schema, env));
}
