import { AlgoliaResponse, type HnItemTree } from '../../test/shapes';
import { control, getJson, START, startReplay } from '../../test/replay';
import type { JobsReplayServer } from '../replay-server';
import type { Truth } from '../truth';
import { hnIdAt, storyTimeOf } from './hn-world';

describe('HN Who is hiring (HN Search API)', () => {
  let server: JobsReplayServer;
  beforeAll(async () => {
    server = await startReplay();
  });
  afterAll(() => server.close());

  /** February's thread is complete at the start instant; March's is still filling up. */
  async function hiringStory(month = 'February 2026'): Promise<{ id: number; title: string }> {
    const response = await getJson(
      server,
      '/hn/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=20',
    );
    const parsed = AlgoliaResponse.parse(response.body);
    const story = parsed.hits.find((hit) => hit.title === `Ask HN: Who is hiring? (${month})`);
    if (!story?.title) throw new Error('no hiring story');
    return { id: Number(story.objectID), title: story.title };
  }

  it('finds the monthly whoishiring stories, newest first', async () => {
    const parsed = AlgoliaResponse.parse(
      (
        await getJson(
          server,
          '/hn/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=20',
        )
      ).body,
    );
    // Two months of history plus March: three threads each.
    expect(parsed.nbHits).toBe(9);
    expect(parsed.hits.map((hit) => hit.title)).toContain('Ask HN: Who is hiring? (March 2026)');
    expect(parsed.hits.map((hit) => hit.title)).toContain(
      'Ask HN: Who wants to be hired? (January 2026)',
    );
    const times = parsed.hits.map((hit) => hit.created_at_i);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(
      parsed.hits.every((hit) => hit.author === 'whoishiring' && hit._tags.includes('story')),
    ).toBe(true);
    // March 2026 starts on a Sunday: the thread goes up on Monday the 2nd.
    expect(new Date(storyTimeOf(2026, 2)).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(hnIdAt(Date.parse('2026-03-02T16:00:00Z'))).toBeGreaterThan(47_000_000);
  });

  it('pages the comments of a thread with hitsPerPage/page, and numericFilters narrow by time', async () => {
    const story = await hiringStory();
    const first = AlgoliaResponse.parse(
      (
        await getJson(
          server,
          `/hn/api/v1/search_by_date?tags=comment,story_${story.id}&hitsPerPage=25&page=0`,
        )
      ).body,
    );
    expect(first.nbPages).toBe(Math.ceil(first.nbHits / 25));
    const all = [...first.hits];
    for (let page = 1; page < first.nbPages; page++) {
      const next = AlgoliaResponse.parse(
        (
          await getJson(
            server,
            `/hn/api/v1/search_by_date?tags=comment,story_${story.id}&hitsPerPage=25&page=${page}`,
          )
        ).body,
      );
      all.push(...next.hits);
    }
    expect(all).toHaveLength(first.nbHits);
    expect(new Set(all.map((hit) => hit.objectID)).size).toBe(all.length);
    expect(all.every((hit) => hit.story_id === story.id && hit.story_title === story.title)).toBe(
      true,
    );
    const topLevel = all.filter((hit) => hit.parent_id === story.id);
    const replies = all.filter((hit) => hit.parent_id !== story.id);
    expect(topLevel.length).toBe(60);
    expect(replies.length).toBeGreaterThan(0);

    const cutoff = all[Math.floor(all.length / 2)]?.created_at_i ?? 0;
    const recent = AlgoliaResponse.parse(
      (
        await getJson(
          server,
          `/hn/api/v1/search_by_date?tags=comment,story_${story.id}&numericFilters=${encodeURIComponent(`created_at_i>${cutoff}`)}&hitsPerPage=1000`,
        )
      ).body,
    );
    expect(recent.nbHits).toBe(all.filter((hit) => hit.created_at_i > cutoff).length);
    expect(recent.hits.every((hit) => hit.created_at_i > cutoff)).toBe(true);
  });

  it('writes job comments the HN way: header fields, <p> paragraphs, escaped characters, irregular formats', async () => {
    const story = await hiringStory();
    const hits = AlgoliaResponse.parse(
      (
        await getJson(
          server,
          `/hn/api/v1/search_by_date?tags=comment,story_${story.id}&hitsPerPage=1000`,
        )
      ).body,
    ).hits.filter((hit) => hit.parent_id === story.id);
    const texts = hits.map((hit) => hit.comment_text ?? '');
    expect(texts.filter((text) => text.includes('<p>')).length).toBeGreaterThan(hits.length * 0.8);
    expect(texts.some((text) => text.includes('&#x2F;'))).toBe(true);
    expect(texts.some((text) => /^[^<]+ \| [^<]+ \| /.test(text))).toBe(true);
    expect(texts.some((text) => / - | • | &#x2F; /.test(text.split('<p>')[0] ?? ''))).toBe(true);
    expect(texts.some((text) => /REMOTE|Remote/.test(text))).toBe(true);
    expect(texts.some((text) => /ONSITE|Hybrid|HYBRID/.test(text))).toBe(true);
    expect(texts.some((text) => text.includes('Multiple roles'))).toBe(true);
    expect(texts.some((text) => !/[$€£¤]|\d+k/i.test(text.split('<p>')[0] ?? ''))).toBe(true);

    const truth = await control<Truth>(server, 'truth?source=hn');
    const thread = truth.hn.find((candidate) => candidate.id === story.id);
    const kinds = new Set(thread?.comments.map((comment) => comment.kind));
    expect(kinds).toEqual(new Set(['job', 'multi-job', 'meta', 'reply']));
    const multi = thread?.comments.find((comment) => comment.kind === 'multi-job');
    expect(multi?.job?.roles.length).toBeGreaterThan(1);
    const job = thread?.comments.find(
      (comment) => comment.kind === 'job' && comment.job?.roles[0]?.salary,
    );
    const jobHit = hits.find((hit) => hit.objectID === String(job?.id));
    expect(jobHit?.comment_text).toContain(
      job?.job?.company.replace(/&/g, '&amp;').replace(/'/g, '&#x27;'),
    );
  });

  it('answers /items/{id} with the thread tree, and only what exists at the virtual time', async () => {
    const story = await hiringStory('March 2026');
    const tree = await getJson<HnItemTree>(server, `/hn/api/v1/items/${story.id}`);
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ id: story.id, type: 'story', author: 'whoishiring' });
    const truth = await control<Truth>(server, 'truth?source=hn');
    const sofar = truth.hn.find((thread) => thread.id === story.id)?.comments ?? [];
    const topLevelSoFar = sofar.filter((comment) => comment.parentId === story.id);
    // March 10th: the thread opened on the 2nd and is still filling up.
    expect(topLevelSoFar.length).toBeGreaterThan(10);
    expect(topLevelSoFar.length).toBeLessThan(60);
    expect(tree.body.children.map((child) => child.id)).toEqual(
      topLevelSoFar.map((comment) => comment.id),
    );
    expect(tree.body.children.every((child) => child.parent_id === story.id)).toBe(true);
    const withReply = tree.body.children.find((child) => child.children.length > 0);
    expect(withReply?.children[0]?.parent_id).toBe(withReply?.id);

    const april = storyTimeOf(2026, 3);
    expect((await getJson(server, `/hn/api/v1/items/${hnIdAt(april)}`)).status).toBe(404);
    await control(server, 'advance', { ms: april + 60_000 - START });
    const next = await getJson(
      server,
      '/hn/api/v1/search_by_date?tags=story,author_whoishiring&hitsPerPage=1',
    );
    expect(AlgoliaResponse.parse(next.body).hits[0]?.title).toBe(
      'Ask HN: Freelancer? Seeking freelancer? (April 2026)',
    );
    expect((await getJson(server, `/hn/api/v1/items/${hnIdAt(april)}`)).status).toBe(200);
    await control(server, 'reset', {});
  });

  it('never pages past the first 1,000 hits', async () => {
    // One month of history plus the current one: more comments than Algolia lets anyone page through.
    const big = await startReplay({
      hn: { hiringComments: 500, otherComments: 100, historyMonths: 1 },
    });
    try {
      const first = AlgoliaResponse.parse(
        (await getJson(big, '/hn/api/v1/search_by_date?tags=comment&hitsPerPage=300&page=0')).body,
      );
      expect(first.nbHits).toBeGreaterThan(1000);
      expect(first.nbPages).toBe(4);
      const last = AlgoliaResponse.parse(
        (await getJson(big, '/hn/api/v1/search_by_date?tags=comment&hitsPerPage=300&page=3')).body,
      );
      expect(last.hits).toHaveLength(100);
      const beyond = AlgoliaResponse.parse(
        (await getJson(big, '/hn/api/v1/search_by_date?tags=comment&hitsPerPage=300&page=4')).body,
      );
      expect(beyond.hits).toHaveLength(0);
    } finally {
      await big.close();
    }
  });
});
