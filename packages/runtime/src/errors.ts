/**
 * The one error type Tributary code throws on purpose. `retriable` tells retry loops whether trying
 * again can help (a timeout, a 503) or cannot (a bad config value, a malformed record).
 */
export class TributaryError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(
    code: string,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TributaryError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Thrown when the environment does not describe a valid configuration. Never retriable. */
export class ConfigError extends TributaryError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** True when the error (or what it wraps) says trying again may succeed. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof TributaryError) return error.retriable;
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return error.retriable === true;
  }
  return false;
}
