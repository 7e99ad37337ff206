/**
 * A hard cap on request starts in any sliding window (e.g. 20 a minute): the start times of the
 * last window, and the earliest moment one more start keeps every window at or under the cap. A
 * window `(t - windowMs, t]` excludes its left edge, as the servers that count this way do.
 */
export class RateWindow {
  private starts: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be at least 1');
  }

  /** Records a start (times come in non-decreasing order, or are sorted in when restored). */
  record(at: number): void {
    const last = this.starts.at(-1);
    if (last === undefined || at >= last) this.starts.push(at);
    else this.starts.splice(this.sortedIndex(at), 0, at);
    // Only the last `limit` starts can ever decide the next one.
    if (this.starts.length > this.limit) this.starts.splice(0, this.starts.length - this.limit);
  }

  /** The earliest time ≥ now at which a start keeps the window at or under the limit. */
  nextAllowedAt(now: number): number {
    this.prune(now);
    if (this.starts.length < this.limit) return now;
    return Math.max(now, (this.starts[this.starts.length - this.limit] ?? now) + this.windowMs);
  }

  /** Starts inside the window ending at `now`. */
  count(now: number): number {
    this.prune(now);
    return this.starts.length;
  }

  /** The starts still inside the window, oldest first (persisted so a restart keeps the cap). */
  recent(now: number): number[] {
    this.prune(now);
    return [...this.starts];
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] ?? 0) <= now - this.windowMs) drop++;
    if (drop > 0) this.starts.splice(0, drop);
  }

  private sortedIndex(at: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.starts[middle] ?? 0) <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
