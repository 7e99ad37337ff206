import type { z } from 'zod';
import type { JobSource } from '@tributary/schemas';
import type { FetchResult, SourceHttp } from '../http/source-http';
import type { SourcePosting } from '../normalize/source-posting';
import { describeIssues } from '@tributary/schemas';

/** Why something a source sent could not be published; also the dead-letter reason. */
export type DeadLetterReason =
  'challenge_page' | 'malformed_json' | 'schema_drift' | 'unparseable' | 'invalid_posting';

/** One element of a listing. */
export type ListedItem =
  | { kind: 'posting'; posting: SourcePosting; raw: unknown; listingHash?: string }
  /** Listed, and its listing entry unchanged since the last detail read (SmartRecruiters). */
  | { kind: 'unchanged'; nativeId: string; listingHash: string }
  /** Something that cannot be published; `nativeId` when the element still says which posting it is. */
  | { kind: 'bad'; nativeId: string | null; reason: DeadLetterReason; detail: string; raw: string };

export interface ListingPage {
  /** Where it came from (the request URL), for dead letters and logs. */
  location: string;
  items: ListedItem[];
}

/** How a tenant's listing ended. Only a complete listing can close postings. */
export interface ListingEnd {
  complete: boolean;
  /** Why it is not complete ("page 3 failed: HTTP 503", "board not found"), else null. */
  reason: string | null;
  /** The source only lists what is new: never complete, and that is no failure. */
  incremental?: boolean;
  /** Incremental sources: where the next run continues (HN: the newest `created_at_i` seen). */
  cursor?: number;
}

/** What an adapter may know about a posting from earlier runs. */
export interface KnownPosting {
  listingHash: string | null;
  /** When its full content was last read (epoch ms). */
  checkedAt: number;
}

export interface ListingContext {
  /** Earlier runs' view of a posting of this tenant, if any. */
  known: (nativeId: string) => KnownPosting | undefined;
  /** The cursor the previous run of this tenant ended at (incremental sources). */
  cursor: number | null;
  now: () => number;
  signal: AbortSignal;
}

export type Listing = AsyncGenerator<ListingPage, ListingEnd, void>;

/**
 * One source: which tenants (boards, the feed, HN threads) a run lists, and how to read a tenant's
 * listing page by page. Adding a source is one module implementing this plus an entry in the
 * registry and the sources config.
 */
export interface SourceAdapter {
  readonly source: JobSource;
  /**
   * Complete listings a posting must be missing from to count as closed: 1 where one response is
   * the whole listing, 2 where offset paging over a live list may skip an element, Infinity where
   * listings are never complete (incremental sources).
   */
  readonly closeAfterMisses: number;
  tenants(http: SourceHttp, signal: AbortSignal): Promise<(string | null)[]>;
  listing(tenant: string | null, http: SourceHttp, context: ListingContext): Listing;
}

/** The issues of a failed parse of one element as one line (at most five). */
export function describeElementIssues(error: z.ZodError): string {
  return describeIssues(error, { root: '(element)', limit: 5 });
}

/** The dead letter for a response that is not the JSON the source documents. */
export function badPage(
  result: Extract<FetchResult, { kind: 'challenge' | 'malformed' }>,
): ListingPage {
  return {
    location: result.url,
    items: [
      result.kind === 'challenge'
        ? {
            kind: 'bad',
            nativeId: null,
            reason: 'challenge_page',
            detail: `HTTP ${result.status}: a bot-protection page instead of JSON`,
            raw: result.excerpt,
          }
        : {
            kind: 'bad',
            nativeId: null,
            reason: 'malformed_json',
            detail: `HTTP ${result.status}: ${result.error}`,
            raw: result.excerpt,
          },
    ],
  };
}

/** The listing end for a response that carried no listing. */
export function failedEnd(result: FetchResult, what: string): ListingEnd {
  switch (result.kind) {
    case 'json':
      return { complete: false, reason: `${what}: unexpected shape` };
    case 'not-found':
      return { complete: false, reason: `${what}: not found (HTTP ${result.status})` };
    case 'challenge':
      return { complete: false, reason: `${what}: challenge page (HTTP ${result.status})` };
    case 'malformed':
      return { complete: false, reason: `${what}: ${result.error}` };
    case 'failed':
      return { complete: false, reason: `${what}: ${result.reason} (${result.error})` };
  }
}

/** Parses one listed element with the adapter's schema: its posting, or a dead letter naming the field. */
export function parseElement<Schema extends z.ZodType>(
  schema: Schema,
  element: unknown,
  idOf: (element: unknown) => string | null,
  toPosting: (parsed: z.infer<Schema>) => SourcePosting,
  listingHash?: string,
): ListedItem {
  const parsed = schema.safeParse(element);
  if (!parsed.success) {
    return {
      kind: 'bad',
      nativeId: idOf(element),
      reason: 'schema_drift',
      detail: describeElementIssues(parsed.error),
      raw: JSON.stringify(element),
    };
  }
  try {
    return { kind: 'posting', posting: toPosting(parsed.data), raw: element, listingHash };
  } catch (error) {
    return {
      kind: 'bad',
      nativeId: idOf(element),
      reason: 'invalid_posting',
      detail: error instanceof Error ? error.message : String(error),
      raw: JSON.stringify(element),
    };
  }
}

/** A field of an unparsed element, when it is a string or number (for dead letters' ids). */
export function fieldOf(element: unknown, field: string): string | null {
  if (typeof element !== 'object' || element === null) return null;
  const value = (element as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * Epoch ms of an ISO-8601 time; a time without a zone (Remotive's) is read as UTC, and a space may
 * separate date and time (Jobicy's "2024-12-01 04:10:21").
 */
export function timeOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const iso = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

/** `base` + path, with query parameters. */
export function urlOf(
  base: string,
  path: string,
  query: Record<string, string | number> = {},
): string {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  return url.toString();
}
