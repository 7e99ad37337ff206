export interface CoolDownOptions {
  /** This many 429s in a row stop the domain (a run, not a rate: any other answer resets it). */
  after429s: number;
  coolDownMs: number;
  /** Each cool-down without a success in between is twice the previous one, up to this. */
  maxCoolDownMs: number;
}

/**
 * Counts 429 answers in a row from one domain. A run of them means the server has blocked us (as
 * basketball-reference does for a day): retrying each request as its Retry-After allows would keep
 * renewing the block, so the whole domain stops for a cool-down instead, longer each time until a
 * request succeeds again.
 */
export class TooManyRequestsRun {
  private streak = 0;
  private coolDowns = 0;

  constructor(private readonly options: CoolDownOptions) {}

  /** A 429: returns the cool-down to begin now when it completes a run, else undefined. */
  onTooManyRequests(): number | undefined {
    this.streak += 1;
    if (this.streak < this.options.after429s) return undefined;
    this.streak = 0;
    this.coolDowns += 1;
    return Math.min(
      this.options.maxCoolDownMs,
      this.options.coolDownMs * 2 ** (this.coolDowns - 1),
    );
  }

  /** Any other answer ends the run; a success also forgets earlier cool-downs. */
  onAnswer(status: number): void {
    this.streak = 0;
    if (status >= 200 && status < 400) this.coolDowns = 0;
  }
}
