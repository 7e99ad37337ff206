import { absentRobots, parseRobots, unreachableRobots, type RobotsRules } from './robots-rules';

export interface RobotsCacheOptions {
  /** Our product token, matched against `User-agent` lines. */
  agent: string;
  /** How long a read robots.txt (or its absence) is trusted before it is fetched again. */
  ttlMs: number;
  /** Waits between attempts while robots.txt is unreachable: doubling from this … */
  retryMs: number;
  /** … up to this. */
  maxRetryMs: number;
  /** After this many failed attempts in a row the origin is given up (its requests fail). */
  maxFailures: number;
}

/** What to do about an origin's robots.txt now. */
export type RobotsLookup =
  | { state: 'ready'; rules: RobotsRules }
  | { state: 'fetch' }
  | { state: 'fetching' }
  | { state: 'wait'; untilMs: number }
  | { state: 'given-up'; failures: number };

/** How a robots.txt fetch ended. */
export type RobotsAnswer = { kind: 'response'; status: number; text: string } | { kind: 'error' };

interface Entry {
  rules?: RobotsRules;
  expiresAt: number;
  fetching: boolean;
  failures: number;
  retryAt: number;
}

/**
 * robots.txt per origin, fetched once and trusted for `ttlMs`, then fetched again. While it cannot
 * be read (5xx, 429, network), requests to the origin wait — they do not fail and are not sent —
 * and the fetch is retried with a doubling delay; rules read earlier stay in force meanwhile. After
 * `maxFailures` in a row the origin is given up. (Crawlee treats an unreadable robots.txt as
 * "everything allowed"; RFC 9309 says the opposite.)
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RobotsCacheOptions) {}

  lookup(origin: string, now: number): RobotsLookup {
    const entry = this.entries.get(origin);
    if (!entry) return { state: 'fetch' };
    if (entry.rules && entry.rules.source !== 'unreachable' && entry.expiresAt > now) {
      return { state: 'ready', rules: entry.rules };
    }
    if (entry.fetching) return { state: 'fetching' };
    if (entry.failures >= this.options.maxFailures) {
      return { state: 'given-up', failures: entry.failures };
    }
    if (entry.retryAt > now) {
      // Rules read before stay in force while a refresh is failing.
      return entry.rules && entry.rules.source !== 'unreachable'
        ? { state: 'ready', rules: entry.rules }
        : { state: 'wait', untilMs: entry.retryAt };
    }
    return { state: 'fetch' };
  }

  /** A fetch of the origin's robots.txt is starting. */
  begin(origin: string): void {
    const entry = this.entries.get(origin) ?? {
      expiresAt: 0,
      fetching: false,
      failures: 0,
      retryAt: 0,
    };
    entry.fetching = true;
    this.entries.set(origin, entry);
  }

  /** The fetch was interrupted (shutdown): nothing learned, nothing counted. */
  abandon(origin: string): void {
    const entry = this.entries.get(origin);
    if (entry) entry.fetching = false;
  }

  /** Records how the fetch ended; returns the rules now in force for the origin. */
  complete(origin: string, answer: RobotsAnswer, now: number): RobotsRules {
    const entry = this.entries.get(origin) ?? {
      expiresAt: 0,
      fetching: false,
      failures: 0,
      retryAt: 0,
    };
    entry.fetching = false;
    this.entries.set(origin, entry);
    if (answer.kind === 'response' && answer.status >= 200 && answer.status < 300) {
      return this.trust(
        entry,
        parseRobots(`${origin}/robots.txt`, answer.text, this.options.agent),
        now,
      );
    }
    if (
      answer.kind === 'response' &&
      answer.status >= 400 &&
      answer.status < 500 &&
      answer.status !== 429
    ) {
      return this.trust(entry, absentRobots(), now);
    }
    entry.failures += 1;
    entry.retryAt =
      now + Math.min(this.options.maxRetryMs, this.options.retryMs * 2 ** (entry.failures - 1));
    if (entry.rules && entry.rules.source !== 'unreachable') return entry.rules;
    entry.rules = unreachableRobots();
    return entry.rules;
  }

  private trust(entry: Entry, rules: RobotsRules, now: number): RobotsRules {
    entry.rules = rules;
    entry.expiresAt = now + this.options.ttlMs;
    entry.failures = 0;
    entry.retryAt = 0;
    return rules;
  }
}
