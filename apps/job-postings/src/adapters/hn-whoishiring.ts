import { z } from 'zod';
import type { SourceConfig } from '../config/sources-config';
import { HnCommentParser } from '../hn/hn-comment-parser';
import type { SourcePosting } from '../normalize/source-posting';
import {
  badPage,
  describeElementIssues,
  failedEnd,
  fieldOf,
  urlOf,
  type ListedItem,
  type Listing,
  type SourceAdapter,
} from './source-adapter';

/** HN Search (Algolia) never pages past the first 1,000 hits of a query. */
export const ALGOLIA_REACHABLE_HITS = 1000;
const HIRING_TITLE = /^Ask HN: Who is hiring\?/i;

const StoryHit = z.object({
  objectID: z.string(),
  title: z.string().nullish(),
  created_at_i: z.number().int(),
});

/** One comment hit of `search_by_date?tags=comment,story_{id}`: the fields we read. */
export const CommentHit = z.object({
  objectID: z.string().regex(/^\d+$/),
  author: z.string().nullish(),
  created_at_i: z.number().int(),
  parent_id: z.number().int().nullish(),
  story_id: z.number().int().nullish(),
  comment_text: z.string(),
});
type CommentHit = z.infer<typeof CommentHit>;

const SearchPage = z.object({
  hits: z.array(z.unknown()),
  nbHits: z.number().int(),
  nbPages: z.number().int(),
  page: z.number().int(),
});

/** The item page that is a comment's link back. */
export function hnItemUrl(id: string): string {
  return `https://news.ycombinator.com/item?id=${id}`;
}

/** A comment's postings (one per role), or why it has none. */
export function hnPostings(hit: CommentHit, thread: string, parser: HnCommentParser): ListedItem[] {
  const parsed = parser.parse(hit.comment_text);
  if (parsed.kind === 'not-a-job') return [];
  if (parsed.kind === 'unparseable') {
    return [
      {
        kind: 'bad',
        nativeId: hit.objectID,
        reason: 'unparseable',
        detail: `comment ${hit.objectID}: ${parsed.notes.join('; ')}`,
        raw: JSON.stringify(hit),
      },
    ];
  }
  return parsed.roles.map((role, index) => {
    const posting: SourcePosting = {
      source: 'hn-whoishiring',
      tenant: thread,
      nativeId: parsed.roles.length === 1 ? hit.objectID : `${hit.objectID}-${index + 1}`,
      title: role.title,
      company: parsed.company,
      locations: role.location ? [role.location] : [],
      employmentLabels: [role.employment],
      pay: role.salary ? { text: role.salary } : null,
      tags: [],
      url: hnItemUrl(hit.objectID),
      applyUrl: parsed.url,
      publishedAt: hit.created_at_i * 1000,
      descriptionHtml: hit.comment_text,
      notes: parsed.notes,
    };
    return { kind: 'posting', posting, raw: hit };
  });
}

/**
 * Hacker News "Who is hiring?" through HN Search (Algolia): the latest monthly threads of
 * `whoishiring`, and in each the top-level comments since the last run (`created_at_i>=` the
 * cursor; a comment of the cursor's second is listed again and found unchanged). Listings are
 * incremental, so nothing is ever closed, and a comment edited after it was read is not re-read.
 */
export function hnWhoIsHiringAdapter(config: SourceConfig): SourceAdapter {
  const hitsPerPage = Math.min(ALGOLIA_REACHABLE_HITS, config.pageSize ?? 500);
  const parser = new HnCommentParser();
  return {
    source: 'hn-whoishiring',
    closeAfterMisses: Number.POSITIVE_INFINITY,
    async tenants(http, signal) {
      const url = urlOf(config.baseUrl, '/api/v1/search_by_date', {
        tags: 'story,author_whoishiring',
        hitsPerPage: 30,
      });
      const result = await http.getJson(url, signal);
      const page = result.kind === 'json' ? SearchPage.safeParse(result.body) : undefined;
      if (!page?.success) return [];
      return page.data.hits
        .map((hit) => StoryHit.safeParse(hit))
        .flatMap((hit) =>
          hit.success && HIRING_TITLE.test(hit.data.title ?? '') ? [hit.data] : [],
        )
        .sort((a, b) => b.created_at_i - a.created_at_i)
        .slice(0, config.threads)
        .map((story) => story.objectID);
    },
    async *listing(tenant, http, context): Listing {
      const story = tenant ?? '';
      const since = context.cursor ?? 0;
      let cursor = since;
      let upper: number | null = null;
      let pages = 0;
      for (;;) {
        let oldest = Number.POSITIVE_INFINITY;
        let nbHits = 0;
        for (let page = 0; ; page++) {
          if (++pages > config.maxPages) {
            return {
              complete: false,
              reason: `more than ${config.maxPages} pages`,
              incremental: true,
              cursor: since,
            };
          }
          const filters = [
            `created_at_i>=${since}`,
            ...(upper === null ? [] : [`created_at_i<=${upper}`]),
          ];
          const url = urlOf(config.baseUrl, '/api/v1/search_by_date', {
            tags: `comment,story_${story}`,
            numericFilters: filters.join(','),
            hitsPerPage,
            page,
          });
          const result = await http.getJson(url, context.signal);
          if (result.kind === 'challenge' || result.kind === 'malformed') {
            yield badPage(result);
            return { ...failedEnd(result, `thread ${story}`), incremental: true, cursor: since };
          }
          const parsed = result.kind === 'json' ? SearchPage.safeParse(result.body) : undefined;
          if (!parsed?.success) {
            return { ...failedEnd(result, `thread ${story}`), incremental: true, cursor: since };
          }
          nbHits = parsed.data.nbHits;
          const items: ListedItem[] = [];
          for (const element of parsed.data.hits) {
            const hit = CommentHit.safeParse(element);
            const created = Number(fieldOf(element, 'created_at_i'));
            if (Number.isFinite(created)) {
              cursor = Math.max(cursor, created);
              oldest = Math.min(oldest, created);
            }
            if (!hit.success) {
              items.push({
                kind: 'bad',
                nativeId: fieldOf(element, 'objectID'),
                reason: 'schema_drift',
                detail: describeElementIssues(hit.error),
                raw: JSON.stringify(element),
              });
              continue;
            }
            // Replies are conversations, not posts.
            if (
              hit.data.parent_id !== undefined &&
              hit.data.parent_id !== null &&
              String(hit.data.parent_id) !== story
            )
              continue;
            items.push(...hnPostings(hit.data, story, parser));
          }
          yield { location: url, items };
          if (page + 1 >= parsed.data.nbPages) break;
          if (context.signal.aborted) {
            return { complete: false, reason: 'stopped', incremental: true, cursor: since };
          }
        }
        // Algolia stops at 1,000 hits: read the older rest with an upper bound.
        if (nbHits <= ALGOLIA_REACHABLE_HITS || !Number.isFinite(oldest)) break;
        upper = oldest;
      }
      return { complete: false, reason: null, incremental: true, cursor };
    },
  };
}
