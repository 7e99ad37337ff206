import type { JobsReplayServer } from '@tributary/jobs-replay';
import type { JobSource } from '@tributary/schemas';
import {
  badOf,
  drain,
  listTenant,
  postingsOf,
  sourceConfig,
  testHttp,
} from '../../test/support/listing';
import { baseUrlOf, control, REPLAY_PREFIX, startReplay } from '../../test/support/replay';
import type { SourceConfig } from '../config/sources-config';
import { ADAPTERS } from './registry';

/** Each source, one tenant, with page sizes small enough that paging runs several pages. */
const CASES: [JobSource, string | null, Partial<SourceConfig>][] = [
  ['greenhouse', 'stripe', {}],
  ['lever', 'spotify', { pageSize: 3 }],
  ['ashby', 'openai', {}],
  ['smartrecruiters', 'Visa', { pageSize: 9 }],
  ['remotive', null, {}],
  ['remoteok', null, {}],
  ['arbeitnow', null, {}],
  ['jobicy', null, {}],
  ['himalayas', null, {}],
];

describe('every adapter against the replay of its source', () => {
  let replay: JobsReplayServer;
  beforeAll(async () => {
    replay = await startReplay({ world: { seed: 7, feedSizes: { jobicy: 60 } } });
  });
  afterAll(() => replay.close());

  it.each(CASES)(
    '%s lists exactly the open postings of %s, page by page',
    async (source, tenant, overrides) => {
      const adapter = ADAPTERS[source](sourceConfig(baseUrlOf(replay, source), overrides));
      const { pages, end } = await listTenant(adapter, tenant, testHttp());
      expect(end).toEqual({ complete: true, reason: null });
      const truth = await control.truth(replay, REPLAY_PREFIX[source], tenant ?? undefined);
      const board = truth.boards.find(
        (entry) =>
          entry.source === REPLAY_PREFIX[source] && (tenant === null || entry.tenant === tenant),
      );
      const expected = (board?.postings ?? []).map((posting) => posting.id).sort();
      const postings = postingsOf(pages);
      // Himalayas' id (guid) is the job's URL, which ends with the replay's id.
      const idOf = (nativeId: string) =>
        source === 'himalayas' ? (nativeId.split('/').pop() ?? '') : nativeId;
      expect(postings.map((posting) => idOf(posting.nativeId)).sort()).toEqual(expected);
      expect(badOf(pages)).toEqual([]);
      const byId = new Map(board?.postings.map((posting) => [posting.id, posting]));
      for (const posting of postings) {
        const known = byId.get(idOf(posting.nativeId))!;
        expect(posting.title).toBe(known.title);
        expect(posting.source).toBe(source);
        expect(posting.tenant).toBe(tenant);
        expect(posting.descriptionHtml?.length ?? 0).toBeGreaterThan(200);
        // Sources publish seconds or milliseconds.
        expect(Math.abs((posting.publishedAt ?? 0) - Date.parse(known.openedAt))).toBeLessThan(
          1000,
        );
      }
      if (overrides.pageSize) expect(pages.length).toBeGreaterThan(2);
    },
  );

  it('HN: finds the hiring thread, lists its job comments, and hands back a cursor', async () => {
    const adapter = ADAPTERS['hn-whoishiring'](
      sourceConfig(baseUrlOf(replay, 'hn-whoishiring'), { pageSize: 20 }),
    );
    const http = testHttp();
    const [thread] = await adapter.tenants(http, new AbortController().signal);
    expect(thread).toMatch(/^\d+$/);
    const { pages, end } = await listTenant(adapter, thread ?? null, http);
    expect(end).toMatchObject({ complete: false, reason: null, incremental: true });
    const truth = await control.truth(replay, 'hn');
    const story = truth.hn.find((entry) => String(entry.id) === thread)!;
    const jobComments = story.comments.filter(
      (comment) => comment.job !== null && comment.parentId === story.id,
    );
    const postings = postingsOf(pages);
    const commentIds = new Set(postings.map((posting) => posting.nativeId.split('-')[0]));
    for (const comment of jobComments) expect(commentIds.has(String(comment.id))).toBe(true);
    expect(end.cursor).toBe(
      Math.max(
        ...story.comments.map((comment) => Math.floor(Date.parse(comment.createdAt) / 1000)),
      ),
    );
    expect(pages.length).toBeGreaterThan(2);
    // From the cursor on, only what is new (here: the comments of the cursor's own second) is listed.
    const again = await drain(
      adapter.listing(thread ?? null, http, {
        known: () => undefined,
        cursor: end.cursor ?? 0,
        now: Date.now,
        signal: new AbortController().signal,
      }),
    );
    expect(postingsOf(again.pages).length).toBeLessThan(3);
  });

  it('a challenge page is dead-lettered, the listing is incomplete, the next board goes on', async () => {
    await control.fault(replay, {
      source: 'greenhouse',
      fault: { kind: 'challenge', status: 403 },
      times: 1,
    });
    const adapter = ADAPTERS.greenhouse(sourceConfig(baseUrlOf(replay, 'greenhouse')));
    const blocked = await listTenant(adapter, 'stripe', testHttp());
    expect(blocked.end).toMatchObject({
      complete: false,
      reason: 'board stripe: challenge page (HTTP 403)',
    });
    expect(badOf(blocked.pages)).toMatchObject([{ reason: 'challenge_page', nativeId: null }]);
    expect(badOf(blocked.pages)[0]?.raw).toContain('Just a moment...');
    const next = await listTenant(adapter, 'stripe', testHttp());
    expect(next.end.complete).toBe(true);
  });

  it('malformed JSON is dead-lettered with an excerpt; the listing is incomplete', async () => {
    await control.fault(replay, { source: 'remoteok', fault: { kind: 'malformed' }, times: 1 });
    const { pages, end } = await listTenant(
      ADAPTERS.remoteok(sourceConfig(baseUrlOf(replay, 'remoteok'))),
      null,
      testHttp(),
    );
    expect(end.complete).toBe(false);
    expect(badOf(pages)).toMatchObject([{ reason: 'malformed_json' }]);
  });

  it('a renamed field dead-letters only the drifted postings, naming the field; the rest are read', async () => {
    await control.fault(replay, {
      source: 'greenhouse',
      fault: { kind: 'drift', postings: 2 },
      times: 1,
    });
    const { pages, end } = await listTenant(
      ADAPTERS.greenhouse(sourceConfig(baseUrlOf(replay, 'greenhouse'))),
      'stripe',
      testHttp(),
    );
    const bad = badOf(pages);
    expect(bad).toHaveLength(2);
    for (const letter of bad) {
      expect(letter).toMatchObject({ reason: 'schema_drift' });
      expect(letter.detail).toMatch(/^title: /);
      expect(letter.nativeId).toMatch(/^\d+$/);
    }
    expect(postingsOf(pages).length).toBeGreaterThan(0);
    // The drifted postings are still listed (by id): the listing stays complete.
    expect(end.complete).toBe(true);
  });

  it('a board that answers 404 is reported, nothing read', async () => {
    await control.missingBoards(replay, ['greenhouse/gone-co']);
    const { pages, end } = await listTenant(
      ADAPTERS.greenhouse(sourceConfig(baseUrlOf(replay, 'greenhouse'))),
      'gone-co',
      testHttp(),
    );
    expect(pages).toEqual([]);
    expect(end).toEqual({ complete: false, reason: 'board gone-co: not found (HTTP 404)' });
  });

  it('a failing page ends a paged listing incomplete', async () => {
    await control.fault(replay, {
      source: 'lever',
      fault: { kind: 'status', status: 503 },
      times: 5,
      pathContains: 'skip=7',
    });
    const { pages, end } = await listTenant(
      ADAPTERS.lever(sourceConfig(baseUrlOf(replay, 'lever'), { pageSize: 7 })),
      'spotify',
      testHttp(),
    );
    expect(pages).toHaveLength(1);
    expect(end.complete).toBe(false);
    expect(end.reason).toMatch(/page 2: server_error/);
  });
});
