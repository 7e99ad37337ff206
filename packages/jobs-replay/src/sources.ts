/** The applicant-tracking systems: one board per company (tenant) under the source. */
export const ATS_SOURCES = ['greenhouse', 'lever', 'ashby', 'smartrecruiters'] as const;
export type AtsSource = (typeof ATS_SOURCES)[number];

/** The aggregators: one global feed, many companies in it. */
export const FEED_SOURCES = ['remotive', 'remoteok', 'arbeitnow', 'jobicy', 'himalayas'] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

/** Sources whose postings come from the lifecycle model (everything but HN). */
export type PostingSource = AtsSource | FeedSource;

export const SOURCES = [...ATS_SOURCES, ...FEED_SOURCES, 'hn'] as const;
export type SourceName = (typeof SOURCES)[number];

export function isAtsSource(source: string): source is AtsSource {
  return (ATS_SOURCES as readonly string[]).includes(source);
}

export function isSourceName(source: string): source is SourceName {
  return (SOURCES as readonly string[]).includes(source);
}

/** The tenant key aggregator feeds use in the truth and the request log. */
export const FEED_TENANT = '*';

export interface RateLimit {
  /** Requests allowed per window. */
  count: number;
  windowS: number;
  /** A request during a block multiplies the next block by this factor. */
  penaltyFactor: number;
  /** The longest block a repeat offender gets. */
  maxBlockS: number;
}

function limit(
  count: number,
  windowS: number,
  maxBlockS = Math.max(3600, windowS * 16),
): RateLimit {
  return { count, windowS, penaltyFactor: 2, maxBlockS };
}

/**
 * Default limits, per source, from what each documents (or, where nothing is documented, a
 * generous guess marked as such). Every one can be changed at start or through `/_control/limits`.
 */
export const DEFAULT_LIMITS: Readonly<Record<SourceName, RateLimit>> = {
  // Undocumented for the public job board GET endpoints; served from a cache.
  greenhouse: limit(50, 10),
  // Lever documents 10 requests/s steady state (bursts to 20) for its API.
  lever: limit(10, 1),
  // Undocumented for the posting API.
  ashby: limit(60, 60),
  // SmartRecruiters documents 10 requests/s per API consumer.
  smartrecruiters: limit(10, 1),
  // "More than 2 requests per minute will be blocked"; at most 4 fetches a day are asked for.
  remotive: limit(2, 60),
  // Undocumented; RemoteOK blocks aggressive clients.
  remoteok: limit(10, 60),
  // Undocumented.
  arbeitnow: limit(60, 60),
  // "Accessing the feed a few times daily is sufficient": at most one poll an hour.
  jobicy: limit(1, 3600, 86_400),
  // Undocumented; Himalayas rate-limits heavy use.
  himalayas: limit(60, 60),
  // HN Search (Algolia) documents 10,000 requests per hour per IP.
  hn: limit(10_000, 3600),
};
