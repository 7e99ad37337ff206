import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values are never written to logs, at any of the first three levels of nesting. */
export const SECRET_KEYS = [
  'password',
  'secret',
  'token',
  'tokens',
  'authorization',
  'cookie',
  'apiKey',
  'secretAccessKey',
  'sessionToken',
  'saslPassword',
] as const;

function redactPaths(): string[] {
  return SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

export interface LoggerOptions {
  /** The service name, logged as `app` on every line. */
  app: string;
  level?: string;
  /** Where lines go; stdout by default (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/** JSON lines on stdout with an ISO time, the app name and secrets replaced by "[REDACTED]". */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: options.app },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
