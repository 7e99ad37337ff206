/** A Map kept to a budget: the least recently used entries go first. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private used = 0;

  /**
   * @param budget total size allowed
   * @param sizeOf one entry's share of it (1 by default), measured when it is set: set an entry
   *   again after it grew to have the growth counted.
   */
  constructor(
    private readonly budget: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.used -= previous.size;
      this.entries.delete(key);
    }
    const size = this.sizeOf(value);
    this.entries.set(key, { value, size });
    this.used += size;
    for (const [oldest, old] of this.entries) {
      if (this.used <= this.budget || oldest === key) break;
      this.entries.delete(oldest);
      this.used -= old.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The budget in use. */
  get usage(): number {
    return this.used;
  }
}
