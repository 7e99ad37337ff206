/** A count of slots shared by every crawl of the process (pages in work, all domains). */
export class Slots {
  private used = 0;

  constructor(readonly capacity: number) {}

  get available(): boolean {
    return this.used < this.capacity;
  }

  take(): void {
    this.used += 1;
  }

  release(): void {
    this.used = Math.max(0, this.used - 1);
  }
}
