/** How the site defends itself, as basketball-reference does. All of it can change at run time. */
export interface PolitenessConfig {
  /** Off: no rate limit, no blocks, no Crawl-delay in robots.txt (throughput benchmarks). */
  enabled: boolean;
  /** More requests than this in any 60 s from one client start a block. */
  requestsPerMinute: number;
  /** Length of a first block; each later block of the same client doubles it. */
  blockS: number;
  /** No block lasts longer than this. */
  maxBlockS: number;
  /** Advertised in robots.txt; requests closer together than this are counted, not refused. */
  crawlDelayS: number;
}

export const DEFAULT_POLITENESS: PolitenessConfig = {
  enabled: true,
  requestsPerMinute: 20,
  blockS: 60,
  maxBlockS: 86_400,
  crawlDelayS: 3,
};

export type Admission =
  | { allowed: true; crawlDelayViolated: boolean }
  | { allowed: false; retryAfterS: number; offences: number; crawlDelayViolated: boolean };

interface ClientState {
  /** Times of the admitted requests of the last 60 s. */
  recent: number[];
  blockedUntil: number;
  /** Blocks this client has earned so far. */
  offences: number;
  lastSeenAt?: number;
}

export interface ClientSnapshot {
  client: string;
  blockedForS: number;
  offences: number;
  requestsLastMinute: number;
}

const WINDOW_MS = 60_000;

/**
 * Sliding-window limit per client. Going over starts a block (429 + Retry-After); every request
 * during a block restarts it, and each new block of a repeat offender is twice as long as the last,
 * up to `maxBlockS`.
 */
export class RateLimiter {
  private readonly clients = new Map<string, ClientState>();

  constructor(
    private readonly config: () => PolitenessConfig,
    private readonly now: () => number,
  ) {}

  private blockMs(offences: number): number {
    const { blockS, maxBlockS } = this.config();
    return Math.min(maxBlockS, blockS * 2 ** Math.max(0, offences - 1)) * 1000;
  }

  admit(client: string): Admission {
    const config = this.config();
    const at = this.now();
    let state = this.clients.get(client);
    if (!state) {
      state = { recent: [], blockedUntil: 0, offences: 0 };
      this.clients.set(client, state);
    }
    const crawlDelayViolated =
      config.enabled &&
      state.lastSeenAt !== undefined &&
      at - state.lastSeenAt < config.crawlDelayS * 1000;
    state.lastSeenAt = at;
    if (!config.enabled) return { allowed: true, crawlDelayViolated: false };

    if (at < state.blockedUntil) {
      state.blockedUntil = at + this.blockMs(state.offences);
      return this.denied(state, at, crawlDelayViolated);
    }
    state.recent = state.recent.filter((time) => time > at - WINDOW_MS);
    state.recent.push(at);
    if (state.recent.length > config.requestsPerMinute) {
      state.offences += 1;
      state.blockedUntil = at + this.blockMs(state.offences);
      state.recent = [];
      return this.denied(state, at, crawlDelayViolated);
    }
    return { allowed: true, crawlDelayViolated };
  }

  private denied(state: ClientState, at: number, crawlDelayViolated: boolean): Admission {
    return {
      allowed: false,
      retryAfterS: Math.ceil((state.blockedUntil - at) / 1000),
      offences: state.offences,
      crawlDelayViolated,
    };
  }

  snapshot(): ClientSnapshot[] {
    const at = this.now();
    return [...this.clients.entries()].map(([client, state]) => ({
      client,
      blockedForS: Math.max(0, Math.ceil((state.blockedUntil - at) / 1000)),
      offences: state.offences,
      requestsLastMinute: state.recent.filter((time) => time > at - WINDOW_MS).length,
    }));
  }

  reset(): void {
    this.clients.clear();
  }
}
