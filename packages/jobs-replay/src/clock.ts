export interface ClockOptions {
  /** The virtual instant at start (epoch ms). */
  start: number;
  /** Virtual milliseconds per real millisecond (0 freezes the clock; 60 makes a minute an hour). */
  speed: number;
  /** The real clock, injectable for tests. */
  realNow?: () => number;
}

/** The replay's notion of "now": real time scaled by a speed, plus explicit advances. */
export class VirtualClock {
  private readonly realNow: () => number;
  private base: number;
  private realBase: number;
  private speed: number;

  constructor(private readonly options: ClockOptions) {
    this.realNow = options.realNow ?? Date.now;
    this.base = options.start;
    this.realBase = this.realNow();
    this.speed = options.speed;
  }

  now(): number {
    return Math.floor(this.base + (this.realNow() - this.realBase) * this.speed);
  }

  advance(ms: number): number {
    this.base += ms;
    return this.now();
  }

  /** Jumps to an instant; the clock keeps running from there at its speed. */
  set(at: number): number {
    this.base = at;
    this.realBase = this.realNow();
    return at;
  }

  setSpeed(speed: number): void {
    this.base = this.now();
    this.realBase = this.realNow();
    this.speed = speed;
  }

  getSpeed(): number {
    return this.speed;
  }

  reset(): void {
    this.base = this.options.start;
    this.realBase = this.realNow();
    this.speed = this.options.speed;
  }
}
