import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';
import { topicSpec } from '@tributary/schemas';

const MiB = 1024 * 1024;

const targets = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()))
  .pipe(
    z
      .array(z.enum(['kafka', 'kinesis']))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'each target at most once'),
  );

const schema = z
  .object({
    GITHUB_API_URL: envFields.url().default('https://api.github.com'),
    /** One or more tokens (comma-separated); none polls anonymously at 60 requests/hour. */
    GITHUB_TOKENS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((token) => token.trim())
          .filter((token) => token.length > 0),
      ),
    GITHUB_PER_PAGE: z.coerce.number().int().min(1).max(100).default(100),
    GITHUB_MAX_PAGES: z.coerce.number().int().min(1).max(10).default(3),
    GITHUB_MIN_POLL_INTERVAL_S: z.coerce.number().nonnegative().default(0),
    GITHUB_REQUEST_TIMEOUT_S: envFields.positiveInt().default(20),
    GITHUB_RATE_LIMIT_MIN_WAIT_S: envFields.positiveInt().default(60),
    GITHUB_BACKOFF_MAX_S: envFields.positiveInt().default(900),
    /** /health/ready reports "github" not ready once GET /events has failed for this long in a row. */
    GITHUB_NOT_READY_AFTER_S: envFields.positiveInt().default(300),
    GITHUB_USER_AGENT: z
      .string()
      .min(1)
      .default('tributary-github-events/0.1 (+https://github.com/tributary-data/tributary)'),
    GHARCHIVE_URL: envFields.url().default('https://data.gharchive.org'),
    /** The checkpoint file; by default one per topic and range under BACKFILL_STATE_DIR. */
    BACKFILL_CHECKPOINT_FILE: z.string().min(1).optional(),
    /** Where backfill checkpoints live (never the working directory: it may be a source tree or read-only). */
    BACKFILL_STATE_DIR: z.string().min(1).optional(),
    XDG_STATE_HOME: z.string().min(1).optional(),
    HOME: z.string().min(1).optional(),
    BACKFILL_CHECKPOINT_LINES: envFields.positiveInt().default(5_000),
    KEYWORDS_FILE: z.string().min(1).optional(),
    PUBLISH_TARGETS: targets.default(['kafka']),
    OUTPUT_TOPIC: z
      .string()
      .min(1)
      .default('github.events.matched')
      .refine((topic) => topicSpec(topic)?.schemaName === 'github.keyword_match', {
        message: 'must be github.events.matched, optionally behind one namespace segment',
      }),
    KINESIS_STREAM: z.string().min(1).optional(),
    DEDUPE_WINDOW: envFields.positiveInt().default(100_000),
    /** Kinesis only: how far back the stream is read at start to rebuild the dedupe window. */
    DEDUPE_KINESIS_LOOKBACK_S: envFields.positiveInt().default(3_600),
    PUBLISH_BUFFER_RECORDS: envFields.positiveInt().default(10_000),
    PUBLISH_MAX_RECORD_BYTES: envFields.positiveInt().default(1 * MiB),
    TRIBUTARY_KAFKA_BROKERS: envFields.list().optional(),
    TRIBUTARY_KAFKA_CLIENT_ID: z.string().min(1).default('github-events'),
    TRIBUTARY_KINESIS_ENDPOINT: envFields.url().optional(),
    TRIBUTARY_KINESIS_REGION: z.string().min(1).default('us-east-1'),
    OPS_PORT: envFields.port().default(9464),
    LOG_LEVEL: envFields.logLevel().default('info'),
  })
  // Checked even when other fields are invalid (zod skips refinements then by default), so one
  // start reports every problem.
  .refine(
    (env) => !targetList(env).includes('kafka') || env.TRIBUTARY_KAFKA_BROKERS !== undefined,
    {
      path: ['TRIBUTARY_KAFKA_BROKERS'],
      message: 'required when PUBLISH_TARGETS includes kafka',
      when: () => true,
    },
  )
  .refine((env) => !targetList(env).includes('kinesis') || env.KINESIS_STREAM !== undefined, {
    path: ['KINESIS_STREAM'],
    message: 'required when PUBLISH_TARGETS includes kinesis',
    when: () => true,
  });

/** The targets as parsed, or [] while PUBLISH_TARGETS itself is invalid. */
function targetList(env: { PUBLISH_TARGETS?: unknown }): string[] {
  return Array.isArray(env.PUBLISH_TARGETS) ? (env.PUBLISH_TARGETS as string[]) : [];
}

export type GithubEventsEnv = z.infer<typeof schema>;

export interface GithubEventsConfig {
  api: {
    baseUrl: string;
    tokens: string[];
    perPage: number;
    maxPages: number;
    minPollIntervalMs: number;
    requestTimeoutMs: number;
    rateLimitMinWaitMs: number;
    backoffMaxMs: number;
    notReadyAfterMs: number;
    userAgent: string;
  };
  archiveUrl: string;
  /** A checkpoint file given explicitly; otherwise one per topic and range in `backfillStateDir`. */
  backfillCheckpointFile?: string;
  backfillStateDir: string;
  backfillCheckpointLines: number;
  keywordsFile?: string;
  targets: ('kafka' | 'kinesis')[];
  topic: string;
  kinesisStream?: string;
  dedupeWindow: number;
  dedupeKinesisLookbackMs: number;
  publishBufferRecords: number;
  maxRecordBytes: number;
  kafka?: { brokers: string[]; clientId: string };
  kinesis: { endpoint?: string; region: string };
  opsPort: number;
  logLevel: GithubEventsEnv['LOG_LEVEL'];
}

function toConfig(env: GithubEventsEnv): GithubEventsConfig {
  return {
    api: {
      baseUrl: env.GITHUB_API_URL.replace(/\/+$/, ''),
      tokens: env.GITHUB_TOKENS,
      perPage: env.GITHUB_PER_PAGE,
      maxPages: env.GITHUB_MAX_PAGES,
      minPollIntervalMs: env.GITHUB_MIN_POLL_INTERVAL_S * 1000,
      requestTimeoutMs: env.GITHUB_REQUEST_TIMEOUT_S * 1000,
      rateLimitMinWaitMs: env.GITHUB_RATE_LIMIT_MIN_WAIT_S * 1000,
      backoffMaxMs: env.GITHUB_BACKOFF_MAX_S * 1000,
      notReadyAfterMs: env.GITHUB_NOT_READY_AFTER_S * 1000,
      userAgent: env.GITHUB_USER_AGENT,
    },
    archiveUrl: env.GHARCHIVE_URL.replace(/\/+$/, ''),
    ...(env.BACKFILL_CHECKPOINT_FILE
      ? { backfillCheckpointFile: env.BACKFILL_CHECKPOINT_FILE }
      : {}),
    backfillStateDir: backfillStateDir(env),
    backfillCheckpointLines: env.BACKFILL_CHECKPOINT_LINES,
    ...(env.KEYWORDS_FILE ? { keywordsFile: env.KEYWORDS_FILE } : {}),
    targets: env.PUBLISH_TARGETS,
    topic: env.OUTPUT_TOPIC,
    ...(env.KINESIS_STREAM ? { kinesisStream: env.KINESIS_STREAM } : {}),
    dedupeWindow: env.DEDUPE_WINDOW,
    dedupeKinesisLookbackMs: env.DEDUPE_KINESIS_LOOKBACK_S * 1000,
    publishBufferRecords: env.PUBLISH_BUFFER_RECORDS,
    maxRecordBytes: env.PUBLISH_MAX_RECORD_BYTES,
    ...(env.TRIBUTARY_KAFKA_BROKERS
      ? { kafka: { brokers: env.TRIBUTARY_KAFKA_BROKERS, clientId: env.TRIBUTARY_KAFKA_CLIENT_ID } }
      : {}),
    kinesis: {
      ...(env.TRIBUTARY_KINESIS_ENDPOINT ? { endpoint: env.TRIBUTARY_KINESIS_ENDPOINT } : {}),
      region: env.TRIBUTARY_KINESIS_REGION,
    },
    opsPort: env.OPS_PORT,
    logLevel: env.LOG_LEVEL,
  };
}

/** BACKFILL_STATE_DIR, else the XDG state folder (`~/.local/state/tributary`), else the temp folder's. */
function backfillStateDir(env: GithubEventsEnv): string {
  if (env.BACKFILL_STATE_DIR) return resolve(env.BACKFILL_STATE_DIR);
  const base =
    env.XDG_STATE_HOME ?? (env.HOME ? join(env.HOME, '.local', 'state') : join(tmpdir(), 'state'));
  return join(base, 'tributary');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GithubEventsConfig {
  return toConfig(loadEnv(schema, env));
}
