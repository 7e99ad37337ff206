/** The first-seen posting of a dedupe key, across sources. */
export interface FirstSeen {
  postingId: string;
  firstSeenAt: number;
}

/**
 * Which posting was seen first for each dedupe key (normalized company + title + location), over
 * every source: copies of it get `duplicate_of` pointing there. Earlier sightings win; a tie goes
 * to the smaller posting id, so every instance agrees whatever order it learns the claims in.
 */
export class DuplicateIndex {
  private readonly first = new Map<string, FirstSeen>();

  /** A claim read back or just committed. */
  apply(dedupeKey: string, claim: FirstSeen): void {
    const current = this.first.get(dedupeKey);
    if (
      !current ||
      claim.firstSeenAt < current.firstSeenAt ||
      (claim.firstSeenAt === current.firstSeenAt && claim.postingId < current.postingId)
    ) {
      this.first.set(dedupeKey, claim);
    }
  }

  /** The first-seen posting of the key, if it is another one. */
  originalOf(dedupeKey: string, postingId: string): string | null {
    const current = this.first.get(dedupeKey);
    return current && current.postingId !== postingId ? current.postingId : null;
  }

  has(dedupeKey: string): boolean {
    return this.first.has(dedupeKey);
  }

  get size(): number {
    return this.first.size;
  }
}
