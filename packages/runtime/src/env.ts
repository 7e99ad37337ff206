import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * Validates the flat environment against one zod object schema whose keys are variable names.
 * Every problem is reported at once, each line naming the variable, so a bad deployment fails at
 * start with a message an operator can act on.
 */
export function loadEnv<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(issues);
}

/** `loadEnv` for a service's entry point: prints the problems and exits with EX_CONFIG (78). */
export function loadEnvOrExit<Schema extends z.ZodObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  try {
    return loadEnv(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/** Reusable field types for environment variables (which are always strings). */
export const envFields = {
  port: () => z.coerce.number().int().min(1).max(65535),
  positiveInt: () => z.coerce.number().int().positive(),
  /** "true/false/1/0/yes/no", case-insensitive; anything else is an error, not `false`. */
  boolean: () =>
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  /** Comma-separated list, blanks dropped; at least one entry. */
  list: () =>
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part.length > 0),
      )
      .pipe(z.array(z.string()).min(1, 'expected at least one comma-separated value')),
  url: () => z.url(),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
};
