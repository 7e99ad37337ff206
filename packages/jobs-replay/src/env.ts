import { z } from 'zod';
import { envFields } from '@tributary/runtime';
import type { JobsReplayOptions } from './replay-server';
import { SOURCES, type RateLimit, type SourceName } from './sources';

/** `jobicy=10/60,remotive=100/60`: requests per window (seconds) for the named sources. */
export const limitsField = z.string().transform((value, context) => {
  const limits: Partial<Record<SourceName, Partial<RateLimit>>> = {};
  for (const part of value
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)\/(\d+(?:\.\d+)?)$/.exec(part);
    const source = match?.[1];
    if (!match || !source || !(SOURCES as readonly string[]).includes(source)) {
      context.addIssue({
        code: 'custom',
        message: `"${part}" is not source=count/windowSeconds with a source among ${SOURCES.join(', ')}`,
      });
      return z.NEVER;
    }
    limits[source as SourceName] = { count: Number(match[2]), windowS: Number(match[3]) };
  }
  return limits;
});

/** The replay's environment: every variable optional, each validated and named when wrong. */
export const ReplayEnv = z.object({
  REPLAY_PORT: envFields.port().default(19300),
  REPLAY_HOST: z.string().min(1).default('127.0.0.1'),
  REPLAY_SEED: z.coerce.number().int().default(42),
  /** The virtual clock's start (ISO 8601); now when unset. */
  REPLAY_START: z.iso.datetime({ offset: true }).optional(),
  /** Virtual seconds per real second (60: an hour passes every minute). */
  REPLAY_SPEED: z.coerce.number().nonnegative().default(60),
  REPLAY_BOARD_SIZE_MIN: envFields.positiveInt().default(5),
  REPLAY_BOARD_SIZE_MAX: envFields.positiveInt().default(60),
  REPLAY_LIFETIME_DAYS_MIN: z.coerce.number().positive().default(10),
  REPLAY_LIFETIME_DAYS_MAX: z.coerce.number().positive().default(60),
  REPLAY_DESCRIPTION_BYTES_MIN: envFields.positiveInt().default(1024),
  REPLAY_DESCRIPTION_BYTES_MAX: envFields.positiveInt().default(6144),
  REPLAY_COPY_RATE: z.coerce.number().min(0).max(1).default(0.15),
  REPLAY_MISSING_BOARDS: envFields.list().optional(),
  REPLAY_HN_HIRING_COMMENTS: envFields.positiveInt().default(400),
  REPLAY_HN_HISTORY_MONTHS: z.coerce.number().int().nonnegative().default(3),
  REPLAY_LIMITS: limitsField.optional(),
  LOG_LEVEL: envFields.logLevel().default('info'),
});
export type ReplayEnv = z.infer<typeof ReplayEnv>;

/** Server options from a validated environment; `now` is the clock's start when REPLAY_START is unset. */
export function replayOptionsFromEnv(env: ReplayEnv, now: number): JobsReplayOptions {
  return {
    port: env.REPLAY_PORT,
    host: env.REPLAY_HOST,
    world: {
      seed: env.REPLAY_SEED,
      boardSizeRange: [
        env.REPLAY_BOARD_SIZE_MIN,
        Math.max(env.REPLAY_BOARD_SIZE_MIN, env.REPLAY_BOARD_SIZE_MAX),
      ],
      lifetimeDays: [
        env.REPLAY_LIFETIME_DAYS_MIN,
        Math.max(env.REPLAY_LIFETIME_DAYS_MIN, env.REPLAY_LIFETIME_DAYS_MAX),
      ],
      descriptionBytes: [
        env.REPLAY_DESCRIPTION_BYTES_MIN,
        Math.max(env.REPLAY_DESCRIPTION_BYTES_MIN, env.REPLAY_DESCRIPTION_BYTES_MAX),
      ],
      copyRate: env.REPLAY_COPY_RATE,
      missingBoards: env.REPLAY_MISSING_BOARDS,
    },
    hn: {
      hiringComments: env.REPLAY_HN_HIRING_COMMENTS,
      historyMonths: env.REPLAY_HN_HISTORY_MONTHS,
    },
    clock: {
      start: env.REPLAY_START ? Date.parse(env.REPLAY_START) : now,
      speed: env.REPLAY_SPEED,
    },
    limits: env.REPLAY_LIMITS,
  };
}
