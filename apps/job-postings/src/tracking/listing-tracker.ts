import type { JobPostingV2 } from '@tributary/schemas';
import type { NormalizedPosting } from '../normalize/posting-normalizer';
import type { DuplicateIndex, FirstSeen } from './duplicate-index';
import type { PostingState, PostingSummary } from './state-records';

/** What one observation decides: a change to publish, a state to write, a dedupe claim to record. */
export interface Observation {
  change: JobPostingV2 | null;
  state: PostingState | null;
  claim: { dedupeKey: string; claim: FirstSeen } | null;
}

export interface TrackerOptions {
  /** Complete listings a posting must be missing from to be closed (see SourceAdapter). */
  closeAfterMisses: number;
  /** An unchanged posting's state is rewritten (its last sighting) at most this often. */
  seenRefreshMs: number;
}

const NOTHING: Observation = { change: null, state: null, claim: null };
const iso = (ms: number) => new Date(ms).toISOString();

function summaryOf(posting: NormalizedPosting): PostingSummary {
  return {
    title: posting.title,
    company: posting.company,
    locations: posting.locations,
    countries: posting.countries,
    workplace: posting.workplace,
    employment_type: posting.employment_type,
    seniority: posting.seniority,
    salary: posting.salary,
    tags: posting.tags,
    url: posting.url,
    apply_url: posting.apply_url,
    published_at: posting.published_at,
    tech_keywords: posting.tech_keywords,
    keyword_list_version: posting.keyword_list_version,
    attribution: posting.attribution,
  };
}

/**
 * Decides, for one listing of one tenant (a board, a feed, an HN thread), what changed against the
 * committed state: `created` for a posting never seen or seen closed, `updated` when its content
 * hash differs, nothing when it is the same; after a complete listing, `closed` for the open
 * postings it no longer shows (after `closeAfterMisses` such listings). Pure: the caller publishes
 * the changes and states in one transaction and applies the states once it is committed.
 */
export class ListingTracker {
  private readonly seen = new Set<string>();
  /** Claims made in this listing, so two copies in one listing agree. */
  private readonly pendingClaims = new Map<string, string>();

  constructor(
    private readonly known: ReadonlyMap<string, PostingState>,
    private readonly duplicates: DuplicateIndex,
    private readonly now: number,
    private readonly options: TrackerOptions,
  ) {}

  /** A posting the listing shows, normalized. */
  observe(posting: NormalizedPosting, listingHash: string | null = null): Observation {
    if (this.seen.has(posting.posting_id)) return NOTHING;
    this.seen.add(posting.posting_id);
    const previous = this.known.get(posting.posting_id);
    if (!previous || previous.status === 'closed')
      return this.created(posting, listingHash, previous);
    if (previous.content_hash !== posting.content_hash) {
      const state = this.nextState(previous, posting, listingHash);
      return {
        change: this.change(posting, 'updated', state),
        state,
        claim: null,
      };
    }
    return this.unchanged(previous, listingHash);
  }

  /** A posting the listing shows whose content was not re-read (its listing entry is unchanged). */
  observeUnchanged(postingId: string, listingHash: string): Observation {
    if (this.seen.has(postingId)) return NOTHING;
    this.seen.add(postingId);
    const previous = this.known.get(postingId);
    return previous && previous.status === 'open' ? this.unchanged(previous, listingHash) : NOTHING;
  }

  /** A posting the listing shows that could not be read (dead-lettered): it is not gone. */
  markSeen(postingId: string): void {
    this.seen.add(postingId);
  }

  /** After a complete listing: the open postings it did not show. */
  closes(): Observation[] {
    const observations: Observation[] = [];
    for (const previous of this.known.values()) {
      if (previous.status !== 'open' || this.seen.has(previous.posting_id)) continue;
      const missed = previous.missed + 1;
      if (missed < this.options.closeAfterMisses) {
        observations.push({ change: null, state: { ...previous, missed }, claim: null });
        continue;
      }
      const state: PostingState = {
        ...previous,
        status: 'closed',
        revision: previous.revision + 1,
        closed_at: this.now,
        missed,
      };
      observations.push({ change: this.closedChange(state), state, claim: null });
    }
    return observations;
  }

  private created(
    posting: NormalizedPosting,
    listingHash: string | null,
    previous: PostingState | undefined,
  ): Observation {
    const original =
      this.duplicates.originalOf(posting.dedupe_key, posting.posting_id) ??
      this.pendingOriginal(posting);
    const state: PostingState = {
      kind: 'posting',
      posting_id: posting.posting_id,
      source: posting.source,
      tenant: posting.tenant,
      native_id: posting.source_id,
      status: 'open',
      revision: (previous?.revision ?? 0) + 1,
      content_hash: posting.content_hash,
      listing_hash: listingHash,
      first_seen_at: previous?.first_seen_at ?? this.now,
      last_seen_at: this.now,
      checked_at: this.now,
      closed_at: null,
      missed: 0,
      dedupe_key: posting.dedupe_key,
      duplicate_of: original,
      summary: summaryOf(posting),
    };
    const claim =
      original === null && !this.duplicates.has(posting.dedupe_key)
        ? {
            dedupeKey: posting.dedupe_key,
            claim: { postingId: posting.posting_id, firstSeenAt: state.first_seen_at },
          }
        : null;
    return { change: this.change(posting, 'created', state), state, claim };
  }

  private pendingOriginal(posting: NormalizedPosting): string | null {
    const pending = this.pendingClaims.get(posting.dedupe_key);
    if (pending && pending !== posting.posting_id) return pending;
    this.pendingClaims.set(posting.dedupe_key, posting.posting_id);
    return null;
  }

  private unchanged(previous: PostingState, listingHash: string | null): Observation {
    const stale = this.now - previous.last_seen_at >= this.options.seenRefreshMs;
    const hashMoved = listingHash !== null && listingHash !== previous.listing_hash;
    if (!stale && previous.missed === 0 && !hashMoved) return NOTHING;
    return {
      change: null,
      state: {
        ...previous,
        last_seen_at: this.now,
        missed: 0,
        listing_hash: listingHash ?? previous.listing_hash,
      },
      claim: null,
    };
  }

  private nextState(
    previous: PostingState,
    posting: NormalizedPosting,
    listingHash: string | null,
  ): PostingState {
    return {
      ...previous,
      revision: previous.revision + 1,
      content_hash: posting.content_hash,
      listing_hash: listingHash ?? previous.listing_hash,
      last_seen_at: this.now,
      checked_at: this.now,
      missed: 0,
      dedupe_key: posting.dedupe_key,
      summary: summaryOf(posting),
    };
  }

  private change(
    posting: NormalizedPosting,
    change: 'created' | 'updated',
    state: PostingState,
  ): JobPostingV2 {
    return {
      schema_version: 2,
      ...posting,
      change,
      revision: state.revision,
      observed_at: iso(this.now),
      first_seen_at: iso(state.first_seen_at),
      last_seen_at: iso(this.now),
      closed_at: null,
      duplicate_of: state.duplicate_of,
    };
  }

  private closedChange(state: PostingState): JobPostingV2 {
    const { summary } = state;
    return {
      schema_version: 2,
      posting_id: state.posting_id,
      source: state.source,
      tenant: state.tenant,
      source_id: state.native_id,
      change: 'closed',
      revision: state.revision,
      observed_at: iso(this.now),
      ...summary,
      updated_at: null,
      first_seen_at: iso(state.first_seen_at),
      last_seen_at: iso(state.last_seen_at),
      closed_at: iso(this.now),
      description_text: '',
      description_html: null,
      description_truncated: false,
      duplicate_of: state.duplicate_of,
      dedupe_key: state.dedupe_key,
      content_hash: state.content_hash,
      parse_notes: [],
    };
  }
}
