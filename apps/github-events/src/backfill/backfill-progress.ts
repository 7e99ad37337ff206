/** How far a backfill is, for "hour N of M … about X left" lines. */
export class BackfillProgress {
  private readonly startedAt: number;
  private hoursDone = 0;
  private currentFraction = 0;

  constructor(
    /** Hours this run has to read (the range without hours the checkpoint already has). */
    private readonly hoursToDo: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** The share of the current hour read so far (compressed bytes read / Content-Length). */
  within(fraction: number): void {
    this.currentFraction = Math.min(1, Math.max(0, fraction));
  }

  hourDone(): void {
    this.hoursDone += 1;
    this.currentFraction = 0;
  }

  /** 0–1 of this run's work. */
  fraction(): number {
    return this.hoursToDo === 0
      ? 1
      : Math.min(1, (this.hoursDone + this.currentFraction) / this.hoursToDo);
  }

  /** Time left at the pace so far, or undefined before there is a pace to go by. */
  remainingMs(): number | undefined {
    const fraction = this.fraction();
    const elapsed = this.now() - this.startedAt;
    if (fraction <= 0 || elapsed <= 0) return undefined;
    return Math.round((elapsed * (1 - fraction)) / fraction);
  }

  /** `about 4 min left`, `about 40 s left`, or `time left not known yet`. */
  remainingText(): string {
    const ms = this.remainingMs();
    if (ms === undefined) return 'time left not known yet';
    const seconds = Math.round(ms / 1000);
    if (seconds < 90) return `about ${seconds} s left`;
    const minutes = Math.round(seconds / 60);
    return minutes < 90 ? `about ${minutes} min left` : `about ${(minutes / 60).toFixed(1)} h left`;
  }
}
