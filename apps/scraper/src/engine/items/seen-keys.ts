/**
 * The keys of the last `capacity` items published, oldest forgotten first. Rebuilt at start from
 * the output topic's tail (decision 0011's pattern): a page fetched again after a crash finds its
 * items here and publishes none of them twice.
 */
export class SeenKeys {
  private readonly keys = new Set<string>();

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      // A Set iterates in insertion order: the first key is the oldest.
      this.keys.delete(this.keys.values().next().value as string);
    }
  }
}
