import type { RateLimit } from './sources';

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterS: number; repeat: boolean };

interface State {
  windowStart: number;
  count: number;
  blockedUntil: number;
  /** Requests made while blocked since the block began. */
  offenses: number;
}

/**
 * A fixed-window limit per key, like most public APIs: `count` requests per `windowS`, then 429
 * until the window ends. A client that keeps calling while blocked is a repeat offender: each such
 * call sets a new block of `windowS × penaltyFactor^offenses` (capped at `maxBlockS`) from now.
 */
export class RateLimiter<Key extends string> {
  private readonly states = new Map<Key, State>();

  constructor(
    private readonly limits: Map<Key, RateLimit>,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: Key): RateDecision {
    const limit = this.limits.get(key);
    if (!limit) return { allowed: true };
    const now = this.now();
    const windowMs = limit.windowS * 1000;
    let state = this.states.get(key);
    if (!state) {
      state = { windowStart: now, count: 0, blockedUntil: 0, offenses: 0 };
      this.states.set(key, state);
    }
    if (state.blockedUntil > now) {
      state.offenses += 1;
      const blockMs = Math.min(
        limit.maxBlockS * 1000,
        windowMs * limit.penaltyFactor ** state.offenses,
      );
      state.blockedUntil = Math.max(state.blockedUntil, now + blockMs);
      return { allowed: false, retryAfterS: retryAfter(state.blockedUntil - now), repeat: true };
    }
    if (state.blockedUntil !== 0) {
      // The block is over: a fresh window and a clean record.
      state.blockedUntil = 0;
      state.offenses = 0;
      state.windowStart = now;
      state.count = 0;
    }
    if (now - state.windowStart >= windowMs) {
      state.windowStart = now;
      state.count = 0;
    }
    if (state.count < limit.count) {
      state.count += 1;
      return { allowed: true };
    }
    state.blockedUntil = state.windowStart + windowMs;
    return { allowed: false, retryAfterS: retryAfter(state.blockedUntil - now), repeat: false };
  }

  /** Forgets counts and blocks (limits stay). */
  reset(key?: Key): void {
    if (key) this.states.delete(key);
    else this.states.clear();
  }

  snapshot(key: Key): { count: number; blockedForMs: number; offenses: number } {
    const state = this.states.get(key);
    if (!state) return { count: 0, blockedForMs: 0, offenses: 0 };
    return {
      count: state.count,
      blockedForMs: Math.max(0, state.blockedUntil - this.now()),
      offenses: state.offenses,
    };
  }
}

function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
