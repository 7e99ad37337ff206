/**
 * The last `capacity` event ids, oldest evicted first. GitHub's ids grow over time and the timeline
 * holds 300 events, so a window far larger than that catches every overlap between polls, pages and
 * restarts while staying bounded (100k ids ≈ 10 MB).
 */
export class SeenWindow {
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds `id`; returns false when it was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order: the first key is the oldest.
      this.ids.delete(this.ids.values().next().value as string);
    }
    return true;
  }
}
