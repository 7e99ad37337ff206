/**
 * What `./tributary run` does when an app exits without being asked to (decision 0040): restart it
 * with exponential backoff, like a container's `restart: on-failure`, unless restarting cannot help
 * (a configuration or usage error) or it keeps crashing; then the whole run goes down, non-zero.
 */
export interface RestartPolicy {
  /** Wait before the first restart; doubles for each further restart inside the window. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** More restarts than this inside `windowMs` is a crash loop: the run goes down. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRestarts: 5,
  windowMs: 5 * 60_000,
};

/** sysexits.h codes that say the app cannot work as configured or invoked: restarting cannot help. */
const PERMANENT_EXITS: Record<number, string> = {
  64: 'EX_USAGE: bad command line',
  78: 'EX_CONFIG: invalid configuration',
  126: 'the command is not executable',
  127: 'the command was not found',
};

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type ExitDecision =
  | { action: 'restart'; delayMs: number; restartsInWindow: number }
  | { action: 'stop-run'; reason: string; exitCode: number };

/** One line for an operator: how the process ended and what that usually means. */
export function describeExit(exit: AppExit): string {
  if (exit.signal) {
    const hint = exit.signal === 'SIGKILL' ? ' (out of memory, or killed from outside)' : '';
    return `killed by ${exit.signal}${hint}`;
  }
  const meaning = exit.code !== null ? PERMANENT_EXITS[exit.code] : undefined;
  return `exited with code ${exit.code ?? '?'}${meaning ? ` (${meaning})` : ''}`;
}

/**
 * Decides after an unexpected exit. `restarts` are the times of this app's earlier restarts; only
 * those inside the window count, so an app that ran well for a while starts again from the
 * shortest wait.
 */
export function decideAfterExit(
  exit: AppExit,
  restarts: readonly number[],
  now: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): ExitDecision {
  const description = describeExit(exit);
  if (exit.code !== null && PERMANENT_EXITS[exit.code]) {
    return {
      action: 'stop-run',
      reason: `${description}; restarting cannot help`,
      exitCode: exit.code,
    };
  }
  const recent = restarts.filter((at) => now - at < policy.windowMs).length;
  if (recent >= policy.maxRestarts) {
    return {
      action: 'stop-run',
      reason: `${description}, after ${recent} restarts in ${Math.round(policy.windowMs / 60_000)} min (crash loop)`,
      exitCode: 1,
    };
  }
  return {
    action: 'restart',
    delayMs: Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** recent),
    restartsInWindow: recent,
  };
}
