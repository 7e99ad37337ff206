import type { SourceName } from './sources';

/** One request as the replay answered it. */
export interface LogEntry {
  source: SourceName | null;
  method: string;
  /** Path and query as requested, prefix included (`/greenhouse/v1/boards/x/jobs?content=true`). */
  path: string;
  /** The status served; 0 for a request the replay never answered (a hang). */
  status: number;
  /** Real time the request arrived (epoch ms). */
  timestampMs: number;
  /** The virtual instant the answer described. */
  virtualAt: number;
  userAgent: string | null;
  /** Retry-After served, in seconds. */
  retryAfterS: number | null;
  /** The scripted fault applied, or `rate-limit` when the limiter refused it. */
  fault: string | null;
  tenant: string | null;
}

export interface SourceStats {
  requests: number;
  byStatus: Record<string, number>;
  rateLimited: number;
  faults: Record<string, number>;
}

export interface Stats {
  requests: number;
  bySource: Partial<Record<SourceName | 'unknown', SourceStats>>;
}

/** The last `capacity` requests and running counts per source. */
export class RequestLog {
  private entries: LogEntry[] = [];
  private stats: Stats = { requests: 0, bySource: {} };

  constructor(private readonly capacity = 20_000) {}

  record(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
    this.stats.requests += 1;
    const key = entry.source ?? 'unknown';
    const source = (this.stats.bySource[key] ??= {
      requests: 0,
      byStatus: {},
      rateLimited: 0,
      faults: {},
    });
    source.requests += 1;
    source.byStatus[entry.status] = (source.byStatus[entry.status] ?? 0) + 1;
    if (entry.fault === 'rate-limit') source.rateLimited += 1;
    else if (entry.fault) source.faults[entry.fault] = (source.faults[entry.fault] ?? 0) + 1;
  }

  list(filter: { source?: string; sinceMs?: number } = {}): LogEntry[] {
    return this.entries.filter(
      (entry) =>
        (filter.source === undefined || entry.source === filter.source) &&
        (filter.sinceMs === undefined || entry.timestampMs >= filter.sinceMs),
    );
  }

  snapshot(): Stats {
    return structuredClone(this.stats);
  }

  clear(): void {
    this.entries = [];
    this.stats = { requests: 0, bySource: {} };
  }
}
