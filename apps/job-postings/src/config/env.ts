import { hostname } from 'node:os';
import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';
import { JOB_SOURCES, topicSpec, type JobSource } from '@tributary/schemas';
import {
  DEFAULT_SOURCES_FILE,
  loadSourcesFile,
  SourcesFileError,
  type SourcesFile,
} from './sources-config';
import { ConfigError } from '@tributary/runtime';

/** `greenhouse=http://127.0.0.1:19301/greenhouse,hn-whoishiring=…`: base URL overrides per source. */
const baseUrls = z.string().transform((value, context) => {
  const overrides: Partial<Record<JobSource, string>> = {};
  for (const part of value
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    const name = part.slice(0, at);
    const url = part.slice(at + 1);
    if (at <= 0 || !(JOB_SOURCES as readonly string[]).includes(name) || !URL.canParse(url)) {
      context.addIssue({
        code: 'custom',
        message: `"${part}" is not source=url with a source among ${JOB_SOURCES.join(', ')}`,
      });
      return z.NEVER;
    }
    overrides[name as JobSource] = url.replace(/\/+$/, '');
  }
  return overrides;
});

const schema = z.object({
  /** The sources config (default: config/sources.json shipped with the app). */
  SOURCES_FILE: z.string().min(1).default(DEFAULT_SOURCES_FILE),
  /** Run only these sources (comma-separated); default every enabled one. */
  SOURCES: envFields
    .list()
    .pipe(z.array(z.enum(JOB_SOURCES)))
    .optional(),
  SOURCE_BASE_URLS: baseUrls.optional(),
  OUTPUT_TOPIC: z
    .string()
    .min(1)
    .default('jobs.postings')
    .refine((topic) => topicSpec(topic)?.schemaName === 'jobs.posting', {
      message: 'must be jobs.postings, optionally behind one namespace segment',
    }),
  OUTPUT_PARTITIONS: envFields.positiveInt().default(6),
  /** Partitions of the state topic when it is created; never lower it afterwards. */
  STATE_PARTITIONS: envFields.positiveInt().default(16),
  /** The group of instances sharing the sources (and the prefix of their transactional ids). */
  STATE_GROUP_ID: z.string().min(1).default('job-postings'),
  STATE_SESSION_TIMEOUT_S: envFields.positiveInt().default(10),
  STATE_READ_TIMEOUT_S: envFields.positiveInt().default(120),
  /** An unchanged posting's last sighting is written back at most this often. */
  SEEN_REFRESH_S: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(6 * 3600),
  CLOSED_RETENTION_DAYS: z.coerce.number().positive().default(30),
  HTTP_USER_AGENT: z
    .string()
    .min(1)
    .default(
      'tributary-job-postings/0.1 (+https://github.com/tributary-data/tributary; jobs@tributary.dev)',
    ),
  HTTP_TIMEOUT_S: envFields.positiveInt().default(20),
  /** Longest Retry-After waited for inside a run; a longer one ends the run's request. */
  RETRY_AFTER_MAX_S: envFields.positiveInt().default(300),
  DESCRIPTION_TEXT_MAX_CHARS: envFields.positiveInt().default(32_768),
  DESCRIPTION_HTML_MAX_CHARS: envFields.positiveInt().default(131_072),
  KEYWORDS_FILE: z.string().min(1).optional(),
  INSTANCE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  TRIBUTARY_KAFKA_BROKERS: envFields.list(),
  TRIBUTARY_KAFKA_CLIENT_ID: z.string().min(1).default('job-postings'),
  OPS_PORT: envFields.port().default(9464),
  LOG_LEVEL: envFields.logLevel().default('info'),
});

export type JobPostingsEnv = z.infer<typeof schema>;

export interface JobPostingsConfig {
  sourcesFile: string;
  sources: SourcesFile;
  topic: string;
  outputPartitions: number;
  statePartitions: number;
  groupId: string;
  sessionTimeoutMs: number;
  stateReadTimeoutMs: number;
  seenRefreshMs: number;
  closedRetentionMs: number;
  http: { userAgent: string; timeoutMs: number; retryAfterMaxMs: number };
  description: { textMaxChars: number; htmlMaxChars: number };
  keywordsFile?: string;
  instanceId: string;
  kafka: { brokers: string[]; clientId: string };
  opsPort: number;
  logLevel: JobPostingsEnv['LOG_LEVEL'];
}

/** The sources file with the environment's overrides: only the chosen sources, base URLs replaced. */
function effectiveSources(env: JobPostingsEnv): SourcesFile {
  let file: SourcesFile;
  try {
    file = loadSourcesFile(env.SOURCES_FILE);
  } catch (error) {
    if (error instanceof SourcesFileError)
      throw new ConfigError([`SOURCES_FILE: ${error.message}`]);
    throw error;
  }
  const sources: SourcesFile['sources'] = {};
  for (const [name, source] of Object.entries(file.sources) as [
    JobSource,
    NonNullable<SourcesFile['sources'][JobSource]>,
  ][]) {
    const chosen = env.SOURCES ? env.SOURCES.includes(name) : source.enabled;
    sources[name] = {
      ...source,
      enabled: chosen,
      baseUrl: env.SOURCE_BASE_URLS?.[name] ?? source.baseUrl,
    };
  }
  const missing = (env.SOURCES ?? []).filter((name) => !file.sources[name]);
  if (missing.length > 0) {
    throw new ConfigError([`SOURCES: ${missing.join(', ')} not in ${env.SOURCES_FILE}`]);
  }
  return { ...file, sources };
}

function toConfig(env: JobPostingsEnv): JobPostingsConfig {
  return {
    sourcesFile: env.SOURCES_FILE,
    sources: effectiveSources(env),
    topic: env.OUTPUT_TOPIC,
    outputPartitions: env.OUTPUT_PARTITIONS,
    statePartitions: env.STATE_PARTITIONS,
    groupId: env.STATE_GROUP_ID,
    sessionTimeoutMs: env.STATE_SESSION_TIMEOUT_S * 1000,
    stateReadTimeoutMs: env.STATE_READ_TIMEOUT_S * 1000,
    seenRefreshMs: env.SEEN_REFRESH_S * 1000,
    closedRetentionMs: env.CLOSED_RETENTION_DAYS * 86_400_000,
    http: {
      userAgent: env.HTTP_USER_AGENT,
      timeoutMs: env.HTTP_TIMEOUT_S * 1000,
      retryAfterMaxMs: env.RETRY_AFTER_MAX_S * 1000,
    },
    description: {
      textMaxChars: env.DESCRIPTION_TEXT_MAX_CHARS,
      htmlMaxChars: env.DESCRIPTION_HTML_MAX_CHARS,
    },
    ...(env.KEYWORDS_FILE ? { keywordsFile: env.KEYWORDS_FILE } : {}),
    instanceId: env.INSTANCE_ID,
    kafka: { brokers: env.TRIBUTARY_KAFKA_BROKERS, clientId: env.TRIBUTARY_KAFKA_CLIENT_ID },
    opsPort: env.OPS_PORT,
    logLevel: env.LOG_LEVEL,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): JobPostingsConfig {
  return toConfig(loadEnv(schema, env));
}
