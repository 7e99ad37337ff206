import type { NormalizedPosting } from '../normalize/posting-normalizer';
import { DuplicateIndex } from './duplicate-index';
import { ListingTracker } from './listing-tracker';
import { PartitionState } from './partition-state';
import type { PostingState } from './state-records';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 10, 12);

function posting(id: string, overrides: Partial<NormalizedPosting> = {}): NormalizedPosting {
  return {
    posting_id: `greenhouse:acme:${id}`,
    source: 'greenhouse',
    tenant: 'acme',
    source_id: id,
    title: `Data Engineer ${id}`,
    company: 'Acme',
    locations: ['Berlin, Germany'],
    countries: ['DE'],
    workplace: 'hybrid',
    employment_type: 'full-time',
    seniority: null,
    salary: null,
    tags: [],
    url: `https://job-boards.greenhouse.io/acme/jobs/${id}`,
    apply_url: null,
    published_at: new Date(T0 - 10 * HOUR).toISOString(),
    updated_at: null,
    description_text: 'Kafka pipelines',
    description_html: '<p>Kafka pipelines</p>',
    description_truncated: false,
    tech_keywords: ['kafka'],
    keyword_list_version: 'test',
    attribution: null,
    dedupe_key: `acme|data engineer ${id}|DE`,
    content_hash: `hash-${id}-1`,
    parse_notes: [],
    ...overrides,
  };
}

/** Runs one listing of `shown` against `state` and applies what it decided, as a commit would. */
function list(
  state: PartitionState,
  duplicates: DuplicateIndex,
  at: number,
  shown: NormalizedPosting[],
  complete = true,
  closeAfterMisses = 1,
) {
  const tracker = new ListingTracker(state.tenant('greenhouse', 'acme'), duplicates, at, {
    closeAfterMisses,
    seenRefreshMs: 6 * HOUR,
  });
  const observations = shown.map((one) => tracker.observe(one));
  if (complete) observations.push(...tracker.closes());
  for (const observation of observations) {
    if (observation.state) state.apply(observation.state);
    if (observation.claim) duplicates.apply(observation.claim.dedupeKey, observation.claim.claim);
  }
  return observations.flatMap((observation) => (observation.change ? [observation.change] : []));
}

describe('ListingTracker', () => {
  it('publishes created once, updated when the content hash changes, nothing when unchanged', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    const created = list(state, duplicates, T0, [posting('1'), posting('2')]);
    expect(created.map((change) => [change.source_id, change.change, change.revision])).toEqual([
      ['1', 'created', 1],
      ['2', 'created', 1],
    ]);
    expect(created[0]).toMatchObject({
      schema_version: 2,
      first_seen_at: new Date(T0).toISOString(),
      observed_at: new Date(T0).toISOString(),
      closed_at: null,
    });
    expect(list(state, duplicates, T0 + HOUR, [posting('1'), posting('2')])).toEqual([]);
    const updated = list(state, duplicates, T0 + 2 * HOUR, [
      posting('1', { content_hash: 'hash-1-2', title: 'Senior Data Engineer 1' }),
      posting('2'),
    ]);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      change: 'updated',
      revision: 2,
      title: 'Senior Data Engineer 1',
      first_seen_at: new Date(T0).toISOString(),
      observed_at: new Date(T0 + 2 * HOUR).toISOString(),
    });
  });

  it('closes what a complete listing no longer shows, with the last content but no description', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    list(state, duplicates, T0, [posting('1'), posting('2')]);
    expect(list(state, duplicates, T0 + HOUR, [posting('1')], false)).toEqual([]);
    const closed = list(state, duplicates, T0 + 2 * HOUR, [posting('1')]);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      source_id: '2',
      change: 'closed',
      revision: 2,
      title: 'Data Engineer 2',
      tech_keywords: ['kafka'],
      description_text: '',
      description_html: null,
      closed_at: new Date(T0 + 2 * HOUR).toISOString(),
      last_seen_at: new Date(T0).toISOString(),
    });
    expect(list(state, duplicates, T0 + 3 * HOUR, [posting('1')])).toEqual([]);
    const reopened = list(state, duplicates, T0 + 4 * HOUR, [posting('1'), posting('2')]);
    expect(reopened).toMatchObject([{ source_id: '2', change: 'created', revision: 3 }]);
    expect(reopened[0]?.first_seen_at).toBe(new Date(T0).toISOString());
  });

  it('closes on a paged source only after the posting missed two complete listings', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    list(state, duplicates, T0, [posting('1'), posting('2')], true, 2);
    expect(list(state, duplicates, T0 + HOUR, [posting('1')], true, 2)).toEqual([]);
    expect(state.posting('greenhouse:acme:2')?.missed).toBe(1);
    // Seen again: the miss is forgotten.
    list(state, duplicates, T0 + 2 * HOUR, [posting('1'), posting('2')], true, 2);
    expect(state.posting('greenhouse:acme:2')?.missed).toBe(0);
    expect(list(state, duplicates, T0 + 3 * HOUR, [posting('1')], true, 2)).toEqual([]);
    expect(list(state, duplicates, T0 + 4 * HOUR, [posting('1')], true, 2)).toMatchObject([
      { source_id: '2', change: 'closed' },
    ]);
  });

  it('does not close a posting it could not read but saw listed', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    list(state, duplicates, T0, [posting('1'), posting('2')]);
    const tracker = new ListingTracker(state.tenant('greenhouse', 'acme'), duplicates, T0 + HOUR, {
      closeAfterMisses: 1,
      seenRefreshMs: 6 * HOUR,
    });
    tracker.observe(posting('1'));
    tracker.markSeen('greenhouse:acme:2');
    expect(tracker.closes()).toEqual([]);
  });

  it('writes an unchanged posting back only when its last sighting is stale', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    list(state, duplicates, T0, [posting('1')]);
    const at = (time: number) =>
      new ListingTracker(state.tenant('greenhouse', 'acme'), duplicates, time, {
        closeAfterMisses: 1,
        seenRefreshMs: 6 * HOUR,
      }).observe(posting('1'));
    expect(at(T0 + HOUR)).toEqual({ change: null, state: null, claim: null });
    expect(at(T0 + 7 * HOUR).state?.last_seen_at).toBe(T0 + 7 * HOUR);
  });

  it('marks a later copy of a job duplicate_of the first-seen one, across sources and within a page', () => {
    const state = new PartitionState(0);
    const duplicates = new DuplicateIndex();
    const first = list(state, duplicates, T0, [
      posting('1', { dedupe_key: 'acme|data engineer|DE' }),
    ]);
    expect(first[0]?.duplicate_of).toBeNull();
    const copies = list(state, duplicates, T0 + HOUR, [
      posting('1', { dedupe_key: 'acme|data engineer|DE' }),
      posting('7', { dedupe_key: 'acme|data engineer|DE', posting_id: 'remotive::7' }),
      posting('8', { dedupe_key: 'acme|ml engineer|DE' }),
      posting('9', { dedupe_key: 'acme|ml engineer|DE' }),
    ]);
    expect(copies.map((change) => [change.posting_id, change.duplicate_of])).toEqual([
      ['remotive::7', 'greenhouse:acme:1'],
      ['greenhouse:acme:8', null],
      ['greenhouse:acme:9', 'greenhouse:acme:8'],
    ]);
  });
});

describe('DuplicateIndex', () => {
  it('keeps the earliest claim whatever order the claims arrive in', () => {
    const index = new DuplicateIndex();
    index.apply('k', { postingId: 'b', firstSeenAt: 20 });
    index.apply('k', { postingId: 'a', firstSeenAt: 10 });
    index.apply('k', { postingId: 'c', firstSeenAt: 10 });
    expect(index.originalOf('k', 'x')).toBe('a');
    expect(index.originalOf('k', 'a')).toBeNull();
  });
});

describe('PartitionState', () => {
  it('rebuilds from raw records, tombstones delete, unreadable records are counted and skipped', () => {
    const state = new PartitionState(3);
    const closed: PostingState = {
      kind: 'posting',
      posting_id: 'lever:acme:1',
      source: 'lever',
      tenant: 'acme',
      native_id: '1',
      status: 'closed',
      revision: 2,
      content_hash: 'h',
      listing_hash: null,
      first_seen_at: 1,
      last_seen_at: 2,
      checked_at: 2,
      closed_at: 3,
      missed: 1,
      dedupe_key: 'k',
      duplicate_of: null,
      summary: {
        title: 't',
        company: null,
        locations: [],
        countries: [],
        workplace: 'unknown',
        employment_type: null,
        seniority: null,
        salary: null,
        tags: [],
        url: 'https://x.example/1',
        apply_url: null,
        published_at: '2026-01-01T00:00:00.000Z',
        tech_keywords: [],
        keyword_list_version: 'v',
        attribution: null,
      },
    };
    state.applyRaw('posting:lever:acme:1', Buffer.from(JSON.stringify(closed)));
    state.applyRaw(
      'run:lever',
      Buffer.from(
        JSON.stringify({ kind: 'run', source: 'lever', started_at: 5, finished_at: 6, owner: 'a' }),
      ),
    );
    state.applyRaw(
      'cursor:lever:acme',
      Buffer.from(JSON.stringify({ kind: 'cursor', source: 'lever', tenant: 'acme', value: 42 })),
    );
    state.applyRaw('posting:x', Buffer.from('{"kind":"posting"'));
    expect(state.counts('lever')).toEqual({ open: 0, closed: 1 });
    expect(state.run('lever')?.finished_at).toBe(6);
    expect(state.cursor('lever', 'acme')).toBe(42);
    expect(state.unreadable).toBe(1);
    state.applyRaw('posting:lever:acme:1', null);
    state.applyRaw('cursor:lever:acme', null);
    expect(state.tenant('lever', 'acme').size).toBe(0);
    expect(state.cursor('lever', 'acme')).toBeNull();
  });
});
