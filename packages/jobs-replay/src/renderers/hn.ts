import { isoSecondsZ, unixSeconds } from '../format';
import type { HnItem, HnWorld } from '../hn/hn-world';
import { FEED_TENANT } from '../sources';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceRequest,
  type SourceResponse,
} from './types';

/** Algolia never pages past the first 1,000 hits of a query. */
export const ALGOLIA_PAGINATION_LIMIT = 1000;
export const ALGOLIA_MAX_HITS_PER_PAGE = 1000;

function tagsOf(item: HnItem): string[] {
  return item.type === 'story'
    ? ['story', `author_${item.author}`, `story_${item.id}`, 'ask_hn']
    : ['comment', `author_${item.author}`, `story_${item.storyId}`];
}

/** `tags=story,author_x` is an AND; `(story,comment)` inside parentheses is an OR. */
function matchesTags(item: HnItem, expression: string | null): boolean {
  if (!expression) return true;
  const tags = new Set(tagsOf(item));
  const groups = expression.match(/\([^)]*\)|[^,()]+/g) ?? [];
  return groups.every((group) => {
    const alternatives = group
      .replace(/[()]/g, '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    return alternatives.length === 0 || alternatives.some((tag) => tags.has(tag));
  });
}

function numericValue(item: HnItem, field: string, numComments: number): number | undefined {
  if (field === 'created_at_i') return unixSeconds(item.createdAt);
  if (field === 'points') return item.points ?? undefined;
  if (field === 'num_comments') return item.type === 'story' ? numComments : undefined;
  return undefined;
}

type NumericFilter = (item: HnItem, numComments: number) => boolean;

/** Parses `created_at_i>1700000000,points>=10`; `undefined` when a filter cannot be read. */
function parseNumericFilters(expression: string | null): NumericFilter[] | undefined {
  if (!expression) return [];
  const filters: NumericFilter[] = [];
  for (const part of expression
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean)) {
    const match = /^([a-z_]+)\s*(<=|>=|!=|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return undefined;
    const [, field = '', operator, raw] = match;
    const limit = Number(raw);
    filters.push((item, numComments) => {
      const value = numericValue(item, field, numComments);
      if (value === undefined) return false;
      switch (operator) {
        case '<':
          return value < limit;
        case '<=':
          return value <= limit;
        case '>':
          return value > limit;
        case '>=':
          return value >= limit;
        case '!=':
          return value !== limit;
        default:
          return value === limit;
      }
    });
  }
  return filters;
}

function highlight(value: string): Record<string, unknown> {
  return { matchLevel: 'none', matchedWords: [], value };
}

/** A search hit as HN Search (Algolia) returns it. */
export function hnHit(
  item: HnItem,
  children: readonly number[],
  numComments: number,
): Record<string, unknown> {
  const common = {
    _tags: tagsOf(item),
    author: item.author,
    children: [...children],
    created_at: isoSecondsZ(item.createdAt),
    created_at_i: unixSeconds(item.createdAt),
    objectID: String(item.id),
    story_id: item.storyId,
    updated_at: isoSecondsZ(item.createdAt),
  };
  if (item.type === 'story') {
    return {
      _highlightResult: { author: highlight(item.author), title: highlight(item.title ?? '') },
      ...common,
      num_comments: numComments,
      points: item.points,
      story_text: item.text,
      title: item.title,
    };
  }
  return {
    _highlightResult: {
      author: highlight(item.author),
      comment_text: highlight(item.text),
      story_title: highlight(item.storyTitle),
    },
    ...common,
    comment_text: item.text,
    parent_id: item.parentId,
    story_title: item.storyTitle,
  };
}

interface Visible {
  items: HnItem[];
  children: Map<number, HnItem[]>;
  /** Comments per story, replies included. */
  counts: Map<number, number>;
}

function visible(hn: HnWorld, at: number): Visible {
  const items = hn.itemsAt(at);
  const children = new Map<number, HnItem[]>();
  const counts = new Map<number, number>();
  for (const item of items) {
    if (item.parentId !== null) {
      const list = children.get(item.parentId) ?? [];
      list.push(item);
      children.set(item.parentId, list);
      counts.set(item.storyId, (counts.get(item.storyId) ?? 0) + 1);
    }
  }
  for (const list of children.values())
    list.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return { items, children, counts };
}

function searchByDate(hn: HnWorld, query: URLSearchParams, at: number): SourceResponse {
  const filters = parseNumericFilters(query.get('numericFilters'));
  if (!filters) {
    return jsonResponse(400, { message: 'invalid numericFilters', status: 400 }, FEED_TENANT);
  }
  const hitsPerPage = Math.min(
    ALGOLIA_MAX_HITS_PER_PAGE,
    Math.max(1, intParam(query, 'hitsPerPage', 20) ?? 20),
  );
  const page = intParam(query, 'page', 0) ?? 0;
  const text = query.get('query')?.toLowerCase() ?? '';
  const tags = query.get('tags');
  const view = visible(hn, at);
  const matching = view.items.filter(
    (item) =>
      matchesTags(item, tags) &&
      filters.every((filter) => filter(item, view.counts.get(item.id) ?? 0)) &&
      (text === '' || `${item.title ?? ''} ${item.text}`.toLowerCase().includes(text)),
  );
  const reachable = Math.min(matching.length, ALGOLIA_PAGINATION_LIMIT);
  const start = page * hitsPerPage;
  const slice =
    start < reachable ? matching.slice(start, Math.min(start + hitsPerPage, reachable)) : [];
  const hits: RenderedPosting[] = slice.map((item) => ({
    object: hnHit(
      item,
      (view.children.get(item.id) ?? []).map((child) => child.id),
      view.counts.get(item.id) ?? 0,
    ),
    tenant: FEED_TENANT,
    id: String(item.id),
  }));
  const params = [...query.entries()]
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return jsonResponse(
    200,
    {
      exhaustive: { nbHits: true, typo: true },
      exhaustiveNbHits: true,
      exhaustiveTypo: true,
      hits: hits.map((hit) => hit.object),
      hitsPerPage,
      nbHits: matching.length,
      nbPages: Math.ceil(reachable / hitsPerPage),
      page,
      params,
      processingTimeMS: 1,
      query: query.get('query') ?? '',
      serverTimeMS: 2,
    },
    FEED_TENANT,
    hits,
  );
}

function itemTree(item: HnItem, view: Visible): Record<string, unknown> {
  return {
    id: item.id,
    created_at: isoSecondsZ(item.createdAt).replace('Z', '.000Z'),
    created_at_i: unixSeconds(item.createdAt),
    type: item.type,
    author: item.author,
    title: item.title,
    url: null,
    text: item.text,
    points: item.points,
    parent_id: item.parentId,
    story_id: item.storyId,
    options: [],
    children: (view.children.get(item.id) ?? []).map((child) => itemTree(child, view)),
  };
}

/** `/api/v1/search_by_date` and `/api/v1/items/{id}` on the HN threads. */
export function handleHn(hn: HnWorld, request: SourceRequest): SourceResponse {
  const { query, at } = request;
  const parts = segments(request.path);
  if (parts[0] !== 'api' || parts[1] !== 'v1')
    return jsonResponse(404, { status: 404, error: 'Not Found' }, null);
  if (parts[2] === 'search_by_date' && parts.length === 3) return searchByDate(hn, query, at);
  if (parts[2] === 'items' && parts.length === 4) {
    const id = Number(parts[3]);
    const view = visible(hn, at);
    const item = view.items.find((candidate) => candidate.id === id);
    if (!item) return jsonResponse(404, { status: 404, error: 'Not Found' }, FEED_TENANT);
    const tree = itemTree(item, view);
    const children = (tree.children as Record<string, unknown>[]).map((child) => ({
      object: child,
      tenant: FEED_TENANT,
      id: String(child.id),
    }));
    return jsonResponse(200, tree, FEED_TENANT, children);
  }
  return jsonResponse(404, { status: 404, error: 'Not Found' }, null);
}
