import { z } from 'zod';
import {
  EMPLOYMENT_TYPES,
  JOB_SOURCES,
  PostingSalary,
  SENIORITIES,
  WORKPLACES,
  type JobSource,
} from '@tributary/schemas';

/** What a closed change repeats of the posting (everything but the description). */
export const PostingSummary = z.object({
  title: z.string(),
  company: z.string().nullable(),
  locations: z.array(z.string()),
  countries: z.array(z.string()),
  workplace: z.enum(WORKPLACES),
  employment_type: z.enum(EMPLOYMENT_TYPES).nullable(),
  seniority: z.enum(SENIORITIES).nullable(),
  salary: PostingSalary.nullable(),
  tags: z.array(z.string()),
  url: z.string(),
  apply_url: z.string().nullable(),
  published_at: z.string(),
  tech_keywords: z.array(z.string()),
  keyword_list_version: z.string(),
  attribution: z.string().nullable(),
});
export type PostingSummary = z.infer<typeof PostingSummary>;

/** A posting as the last committed change left it (times are epoch ms). */
export const PostingState = z.object({
  kind: z.literal('posting'),
  posting_id: z.string(),
  source: z.enum(JOB_SOURCES),
  tenant: z.string().nullable(),
  native_id: z.string(),
  status: z.enum(['open', 'closed']),
  revision: z.number().int().positive(),
  content_hash: z.string(),
  /** SmartRecruiters: the summary the details were last read for. */
  listing_hash: z.string().nullable(),
  first_seen_at: z.number(),
  last_seen_at: z.number(),
  /** When the full content was last read. */
  checked_at: z.number(),
  closed_at: z.number().nullable(),
  /** Complete listings in a row that did not show it. */
  missed: z.number().int().nonnegative(),
  dedupe_key: z.string(),
  duplicate_of: z.string().nullable(),
  summary: PostingSummary,
});
export type PostingState = z.infer<typeof PostingState>;

/** A source's last run, so limits hold across restarts and owners. */
export const RunLedger = z.object({
  kind: z.literal('run'),
  source: z.enum(JOB_SOURCES),
  started_at: z.number(),
  /** When its last request ended; null while it runs (or if its owner died). */
  finished_at: z.number().nullable(),
  owner: z.string(),
  /** Start times of its requests within the source's longest limit window, at the end of the run. */
  recent_requests: z.array(z.number()).default([]),
});
export type RunLedger = z.infer<typeof RunLedger>;

/** Where an incremental listing continues (HN: the newest `created_at_i` read). */
export const ListingCursor = z.object({
  kind: z.literal('cursor'),
  source: z.enum(JOB_SOURCES),
  tenant: z.string().nullable(),
  value: z.number(),
});
export type ListingCursor = z.infer<typeof ListingCursor>;

export const StateRecord = z.discriminatedUnion('kind', [PostingState, RunLedger, ListingCursor]);
export type StateRecord = z.infer<typeof StateRecord>;

export const postingKey = (postingId: string) => `posting:${postingId}`;
export const runKey = (source: JobSource) => `run:${source}`;
export const cursorKey = (source: JobSource, tenant: string | null) =>
  `cursor:${source}:${tenant ?? ''}`;

export function keyOf(record: StateRecord): string {
  switch (record.kind) {
    case 'posting':
      return postingKey(record.posting_id);
    case 'run':
      return runKey(record.source);
    case 'cursor':
      return cursorKey(record.source, record.tenant);
  }
}
