import { z } from 'zod';
import { envFields, loadEnv } from '@tributary/runtime';
import { isoDateMs } from '../spiders/dates';
import { SPIDER_NAMES, type SpiderName } from '../spiders';

const MiB = 1024 * 1024;

const isoDate = () =>
  z.string().refine((value) => isoDateMs(value) !== undefined, 'expected a date as YYYY-MM-DD');
const nonNegative = () => z.coerce.number().nonnegative();

const schema = z
  .object({
    SCRAPER_SPIDERS: envFields
      .list()
      .pipe(
        z.array(
          z.enum(SPIDER_NAMES, { error: `expected spiders among ${SPIDER_NAMES.join(', ')}` }),
        ),
      )
      .default(['shot-charts']),
    SCRAPER_SCHEDULE_CRON: z.string().min(1).default('0 30 6 * * *'),
    SCRAPER_INITIAL_FROM: isoDate().optional(),
    SCRAPER_INITIAL_TO: isoDate().optional(),
    SHOT_CHARTS_URL: envFields.url().default('https://www.basketball-reference.com'),
    SHOT_CHARTS_API_URL: envFields.url().default('https://stats.nba.com'),
    SCRAPER_CONTACT_URL: envFields.url().default('https://github.com/tributary-data/tributary'),
    SCRAPER_USER_AGENT: z.string().min(1).optional(),
    SCRAPER_ROBOTS_AGENT: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'expected a product token such as tributary-scraper')
      .default('tributary-scraper'),
    SCRAPER_CONCURRENCY_PER_DOMAIN: z.coerce.number().int().min(1).max(64).default(1),
    SCRAPER_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
    SCRAPER_MIN_DELAY_MS: nonNegative().default(1_000),
    SCRAPER_DELAY_JITTER: z.coerce.number().min(0).max(2).default(0.5),
    SCRAPER_MAX_DELAY_MS: z.coerce.number().positive().default(60_000),
    SCRAPER_AUTOTHROTTLE: envFields.boolean().default(true),
    SCRAPER_AUTOTHROTTLE_TARGET_CONCURRENCY: z.coerce.number().positive().default(1),
    /** 0 turns the cap off. */
    SCRAPER_MAX_REQUESTS_PER_MINUTE: z.coerce.number().int().nonnegative().default(15),
    SCRAPER_COOLDOWN_AFTER_429S: z.coerce.number().int().min(1).default(3),
    SCRAPER_COOLDOWN_S: z.coerce.number().positive().default(600),
    SCRAPER_MAX_COOLDOWN_S: z.coerce.number().positive().default(86_400),
    SCRAPER_MAX_RETRY_AFTER_S: z.coerce.number().positive().default(86_400),
    SCRAPER_DEFAULT_RETRY_AFTER_S: z.coerce.number().positive().default(60),
    SCRAPER_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
    SCRAPER_RETRY_BACKOFF_MS: z.coerce.number().positive().default(2_000),
    SCRAPER_RETRY_BACKOFF_MAX_MS: z.coerce.number().positive().default(120_000),
    SCRAPER_REQUEST_TIMEOUT_S: z.coerce.number().positive().default(30),
    SCRAPER_MAX_BODY_BYTES: envFields.positiveInt().default(10 * MiB),
    SCRAPER_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
    SCRAPER_ROBOTS_TTL_S: envFields.positiveInt().default(86_400),
    SCRAPER_MAX_DEPTH: envFields.positiveInt().optional(),
    SCRAPER_MAX_PAGES: envFields.positiveInt().optional(),
    SCRAPER_DEDUPE_WINDOW: envFields.positiveInt().default(100_000),
    SCRAPER_TOPIC_NAMESPACE: z
      .string()
      .regex(
        /^[a-z0-9-]+$/,
        'expected lower-case letters, digits and dashes (one topic name segment)',
      )
      .optional(),
    SCRAPER_KAFKA_COMPRESSION: z.enum(['gzip', 'none']).default('gzip'),
    SCRAPER_DRAIN_TIMEOUT_S: z.coerce.number().positive().default(15),
    TRIBUTARY_KAFKA_BROKERS: envFields.list(),
    TRIBUTARY_KAFKA_CLIENT_ID: z.string().min(1).default('scraper'),
    OPS_PORT: envFields.port().default(9464),
    LOG_LEVEL: envFields.logLevel().default('info'),
  })
  .refine(
    (env) => (env.SCRAPER_INITIAL_FROM === undefined) === (env.SCRAPER_INITIAL_TO === undefined),
    {
      path: ['SCRAPER_INITIAL_TO'],
      message: 'SCRAPER_INITIAL_FROM and SCRAPER_INITIAL_TO go together',
      when: () => true,
    },
  )
  .refine(
    (env) =>
      env.SCRAPER_INITIAL_FROM === undefined ||
      env.SCRAPER_INITIAL_TO === undefined ||
      env.SCRAPER_INITIAL_FROM <= env.SCRAPER_INITIAL_TO,
    {
      path: ['SCRAPER_INITIAL_TO'],
      message: 'must not be before SCRAPER_INITIAL_FROM',
      when: () => true,
    },
  );

export type ScraperEnv = z.infer<typeof schema>;

export interface ScraperConfig {
  spiders: SpiderName[];
  scheduleCron: string;
  initialRange?: { from: string; to: string };
  shotChartsUrl: string;
  shotChartsApiUrl: string;
  userAgent: string;
  robotsAgent: string;
  concurrencyPerDomain: number;
  maxConcurrency: number;
  minDelayMs: number;
  delayJitter: number;
  maxDelayMs: number;
  autoThrottle: boolean;
  autoThrottleTargetConcurrency: number;
  maxRequestsPerMinute: number | null;
  coolDownAfter429s: number;
  coolDownMs: number;
  maxCoolDownMs: number;
  maxRetryAfterMs: number;
  defaultRetryAfterMs: number;
  maxAttempts: number;
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  robotsTtlMs: number;
  maxDepth?: number;
  maxPages?: number;
  dedupeWindow: number;
  topicNamespace?: string;
  kafkaCompression: 'gzip' | 'none';
  drainTimeoutMs: number;
  kafka: { brokers: string[]; clientId: string };
  opsPort: number;
  logLevel: ScraperEnv['LOG_LEVEL'];
}

const VERSION = '0.1';

function toConfig(env: ScraperEnv): ScraperConfig {
  return {
    spiders: env.SCRAPER_SPIDERS,
    scheduleCron: env.SCRAPER_SCHEDULE_CRON,
    ...(env.SCRAPER_INITIAL_FROM && env.SCRAPER_INITIAL_TO
      ? { initialRange: { from: env.SCRAPER_INITIAL_FROM, to: env.SCRAPER_INITIAL_TO } }
      : {}),
    shotChartsUrl: env.SHOT_CHARTS_URL,
    shotChartsApiUrl: env.SHOT_CHARTS_API_URL,
    userAgent:
      env.SCRAPER_USER_AGENT ??
      `${env.SCRAPER_ROBOTS_AGENT}/${VERSION} (+${env.SCRAPER_CONTACT_URL})`,
    robotsAgent: env.SCRAPER_ROBOTS_AGENT,
    concurrencyPerDomain: env.SCRAPER_CONCURRENCY_PER_DOMAIN,
    maxConcurrency: env.SCRAPER_MAX_CONCURRENCY,
    minDelayMs: env.SCRAPER_MIN_DELAY_MS,
    delayJitter: env.SCRAPER_DELAY_JITTER,
    maxDelayMs: env.SCRAPER_MAX_DELAY_MS,
    autoThrottle: env.SCRAPER_AUTOTHROTTLE,
    autoThrottleTargetConcurrency: env.SCRAPER_AUTOTHROTTLE_TARGET_CONCURRENCY,
    maxRequestsPerMinute:
      env.SCRAPER_MAX_REQUESTS_PER_MINUTE === 0 ? null : env.SCRAPER_MAX_REQUESTS_PER_MINUTE,
    coolDownAfter429s: env.SCRAPER_COOLDOWN_AFTER_429S,
    coolDownMs: env.SCRAPER_COOLDOWN_S * 1000,
    maxCoolDownMs: env.SCRAPER_MAX_COOLDOWN_S * 1000,
    maxRetryAfterMs: env.SCRAPER_MAX_RETRY_AFTER_S * 1000,
    defaultRetryAfterMs: env.SCRAPER_DEFAULT_RETRY_AFTER_S * 1000,
    maxAttempts: env.SCRAPER_RETRIES + 1,
    retryBackoffMs: env.SCRAPER_RETRY_BACKOFF_MS,
    retryBackoffMaxMs: env.SCRAPER_RETRY_BACKOFF_MAX_MS,
    requestTimeoutMs: env.SCRAPER_REQUEST_TIMEOUT_S * 1000,
    maxBodyBytes: env.SCRAPER_MAX_BODY_BYTES,
    maxRedirects: env.SCRAPER_MAX_REDIRECTS,
    robotsTtlMs: env.SCRAPER_ROBOTS_TTL_S * 1000,
    ...(env.SCRAPER_MAX_DEPTH === undefined ? {} : { maxDepth: env.SCRAPER_MAX_DEPTH }),
    ...(env.SCRAPER_MAX_PAGES === undefined ? {} : { maxPages: env.SCRAPER_MAX_PAGES }),
    dedupeWindow: env.SCRAPER_DEDUPE_WINDOW,
    ...(env.SCRAPER_TOPIC_NAMESPACE ? { topicNamespace: env.SCRAPER_TOPIC_NAMESPACE } : {}),
    kafkaCompression: env.SCRAPER_KAFKA_COMPRESSION,
    drainTimeoutMs: env.SCRAPER_DRAIN_TIMEOUT_S * 1000,
    kafka: { brokers: env.TRIBUTARY_KAFKA_BROKERS, clientId: env.TRIBUTARY_KAFKA_CLIENT_ID },
    opsPort: env.OPS_PORT,
    logLevel: env.LOG_LEVEL,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ScraperConfig {
  return toConfig(loadEnv(schema, env));
}

/** A registry topic's name in this deployment (`<namespace>.<topic>` when a namespace is set). */
export function topicName(config: Pick<ScraperConfig, 'topicNamespace'>, topic: string): string {
  return config.topicNamespace ? `${config.topicNamespace}.${topic}` : topic;
}

/** Where the durable frontier lives. */
export function frontierTopic(config: Pick<ScraperConfig, 'topicNamespace'>): string {
  return topicName(config, 'scraper.frontier');
}
