/** One request as the site saw it (control requests are not logged). */
export interface LogEntry {
  /** Increasing from 1; `GET /_control/log?since=N` returns entries after N. */
  seq: number;
  /** Arrival, ms since the epoch (the site's clock). */
  at: number;
  method: string;
  /** Path and query as requested. */
  path: string;
  /** 0 for a request that was never answered (hang) or whose connection was dropped. */
  status: number;
  /** Milliseconds from arrival to the end of the answer (wall clock). */
  ms: number;
  client: string;
  userAgent: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  gzip: boolean;
  /** Body bytes sent (after compression). */
  bytes: number;
  /** The scripted fault served, if any. */
  fault: string | null;
  /** The page kind that answered: day, game, shot-chart, scoreboard, shotchartdetail, robots … */
  kind: string;
}

export interface SiteStats {
  requests: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
  notModified: number;
  gzipped: number;
  /** 429s from the rate limiter (not scripted ones). */
  rateLimited: number;
  faultsServed: number;
  /** Requests for paths robots.txt disallows. */
  robotsDisallowed: number;
  /** Requests that came sooner after the same client's previous one than Crawl-delay. */
  crawlDelayViolations: number;
  bytes: number;
}

function emptyStats(): SiteStats {
  return {
    requests: 0,
    byStatus: {},
    byKind: {},
    notModified: 0,
    gzipped: 0,
    rateLimited: 0,
    faultsServed: 0,
    robotsDisallowed: 0,
    crawlDelayViolations: 0,
    bytes: 0,
  };
}

/** The request log (a bounded ring: the oldest entries go first) and the running counters. */
export class RequestLog {
  private entries: LogEntry[] = [];
  private nextSeq = 1;
  stats: SiteStats = emptyStats();

  constructor(private readonly capacity: number) {}

  record(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const full = { ...entry, seq: this.nextSeq };
    this.nextSeq += 1;
    this.entries.push(full);
    // Trimmed in batches so a full log does not shift the whole array on every request.
    if (this.entries.length > this.capacity * 1.1) {
      this.entries.splice(0, this.entries.length - this.capacity);
    }
    const stats = this.stats;
    stats.requests += 1;
    stats.byStatus[entry.status] = (stats.byStatus[entry.status] ?? 0) + 1;
    stats.byKind[entry.kind] = (stats.byKind[entry.kind] ?? 0) + 1;
    if (entry.status === 304) stats.notModified += 1;
    if (entry.gzip) stats.gzipped += 1;
    if (entry.fault) stats.faultsServed += 1;
    stats.bytes += entry.bytes;
    return full;
  }

  /** Entries with seq > since, oldest first, at most `limit`. */
  since(since: number, limit: number): LogEntry[] {
    const first = this.entries[0];
    if (!first) return [];
    const start = Math.max(0, since + 1 - first.seq);
    return this.entries.slice(start, start + limit);
  }

  clear(): void {
    this.entries = [];
    this.stats = emptyStats();
  }
}
