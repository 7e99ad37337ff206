import { z } from 'zod';

/** The sources apps/job-postings collects from (one adapter module each). */
export const JOB_SOURCES = [
  'greenhouse',
  'lever',
  'ashby',
  'smartrecruiters',
  'remotive',
  'remoteok',
  'arbeitnow',
  'jobicy',
  'himalayas',
  'hn-whoishiring',
] as const;
export type JobSource = (typeof JOB_SOURCES)[number];

/** The sources a version-1 record may name (The Muse never got a collector; kept so old records land). */
const JOB_SOURCES_V1 = [
  'remotive',
  'arbeitnow',
  'remoteok',
  'jobicy',
  'himalayas',
  'themuse',
  'hn-whoishiring',
] as const;

/**
 * Version 1 (before the collector existed): one posting keyed `source:source_id`, no change
 * tracking. Records of this shape may still sit in `jobs.postings` and must keep landing.
 */
export const JobPostingV1 = z.object({
  // Absent in version 1; present (2) in every later record, which is how the two are told apart.
  schema_version: z.undefined().optional(),
  source: z.enum(JOB_SOURCES_V1),
  source_id: z.string().min(1),
  title: z.string().min(1),
  company: z.string().nullable(),
  locations: z.array(z.string()),
  remote: z.boolean().nullable(),
  salary: z
    .object({
      min: z.number().nonnegative().nullable(),
      max: z.number().nonnegative().nullable(),
      currency: z.string().length(3).nullable(),
      period: z.enum(['hour', 'day', 'week', 'month', 'year']).nullable(),
    })
    .nullable(),
  tags: z.array(z.string()),
  url: z.url(),
  apply_url: z.url().nullable(),
  published_at: z.iso.datetime({ offset: true }),
  description_text: z.string(),
  description_html: z.string().nullable(),
  tech_keywords: z.array(z.string()),
  attribution: z.string().nullable(),
});
export type JobPostingV1 = z.infer<typeof JobPostingV1>;

export const POSTING_CHANGES = ['created', 'updated', 'closed'] as const;
export type PostingChange = (typeof POSTING_CHANGES)[number];

export const WORKPLACES = ['remote', 'hybrid', 'onsite', 'unknown'] as const;
export type Workplace = (typeof WORKPLACES)[number];

export const EMPLOYMENT_TYPES = [
  'full-time',
  'part-time',
  'contract',
  'internship',
  'temporary',
] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const SENIORITIES = [
  'intern',
  'junior',
  'mid',
  'senior',
  'staff',
  'principal',
  'lead',
  'manager',
  'director',
  'executive',
] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const SALARY_PERIODS = ['hour', 'day', 'week', 'month', 'year'] as const;
export type SalaryPeriod = (typeof SALARY_PERIODS)[number];

/**
 * Pay exactly as the posting gives it: its own currency (ISO 4217, null when not stated or not
 * resolvable — never assumed) and period, min ≤ max, plus the same amounts per year with the
 * constants of `SALARY_PERIODS_PER_YEAR` (null when the period is unknown). `origin` says whether it
 * came from the source's structured fields or was parsed from text (`text` keeps that text).
 */
export const PostingSalary = z
  .object({
    min: z.number().nonnegative().nullable(),
    max: z.number().nonnegative().nullable(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullable(),
    period: z.enum(SALARY_PERIODS).nullable(),
    annual_min: z.number().nonnegative().nullable(),
    annual_max: z.number().nonnegative().nullable(),
    origin: z.enum(['structured', 'text']),
    text: z.string().nullable(),
  })
  .refine((salary) => salary.min === null || salary.max === null || salary.min <= salary.max, {
    message: 'min must not exceed max',
    path: ['max'],
  });
export type PostingSalary = z.infer<typeof PostingSalary>;

/** Periods per year: the one constant set every annualized figure is computed with. */
export const SALARY_PERIODS_PER_YEAR: Readonly<Record<SalaryPeriod, number>> = {
  hour: 2080,
  day: 260,
  week: 52,
  month: 12,
  year: 1,
};

const isoTime = z.iso.datetime({ offset: true });

/**
 * Version 2: one published change of one posting (`created`, `updated` when its normalized content
 * changed, `closed` when it left a complete listing of its board). Identity is
 * `posting_id` = `source:tenant:native_id` (tenant empty on single-feed sources).
 */
export const JobPostingV2 = z
  .object({
    schema_version: z.literal(2),
    posting_id: z.string().min(3),
    source: z.enum(JOB_SOURCES),
    /** Board or company on multi-tenant sources (ATS), the thread on HN; null on single feeds. */
    tenant: z.string().min(1).nullable(),
    /** The source's own id of the posting. */
    source_id: z.string().min(1),
    change: z.enum(POSTING_CHANGES),
    /** 1 for `created`, +1 for every later change of the posting. */
    revision: z.number().int().positive(),
    /** When the collector observed the change (UTC): the bronze hour of the record. */
    observed_at: isoTime,
    title: z.string().min(1),
    company: z.string().min(1).nullable(),
    /** Location texts as the source gives them. */
    locations: z.array(z.string()),
    /** ISO 3166-1 alpha-2 codes derivable from the locations. */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/)),
    workplace: z.enum(WORKPLACES),
    employment_type: z.enum(EMPLOYMENT_TYPES).nullable(),
    seniority: z.enum(SENIORITIES).nullable(),
    salary: PostingSalary.nullable(),
    /** The source's own tags and categories. */
    tags: z.array(z.string()),
    /** Canonical link back to the posting, tracking parameters removed. */
    url: z.url(),
    apply_url: z.url().nullable(),
    /** The source's publication time (UTC); the first sighting when the source gives none. */
    published_at: isoTime,
    updated_at: isoTime.nullable(),
    first_seen_at: isoTime,
    last_seen_at: isoTime,
    closed_at: isoTime.nullable(),
    description_text: z.string(),
    description_html: z.string().nullable(),
    /** The description was cut at the collector's size cap. */
    description_truncated: z.boolean(),
    tech_keywords: z.array(z.string()),
    keyword_list_version: z.string().min(1),
    /** What the source's terms ask to show with the posting (its name and the link back). */
    attribution: z.string().nullable(),
    /** The first-seen posting (any source) with the same normalized company, title and location. */
    duplicate_of: z.string().min(3).nullable(),
    /** Normalized company + title + location fingerprint that `duplicate_of` is decided by. */
    dedupe_key: z.string().min(1),
    /** Hash of the normalized content: equal hashes mean no change. */
    content_hash: z.string().min(1),
    /** What the collector could not read from the posting (free text it could not parse). */
    parse_notes: z.array(z.string()),
  })
  .refine((posting) => (posting.change === 'closed') === (posting.closed_at !== null), {
    message: 'closed_at is set exactly on closed changes',
    path: ['closed_at'],
  });
export type JobPostingV2 = z.infer<typeof JobPostingV2>;

/** What `jobs.postings` carries: version-2 changes, and version-1 postings written before them. */
export const JobPosting = z.discriminatedUnion('schema_version', [JobPostingV2, JobPostingV1]);
export type JobPosting = z.infer<typeof JobPosting>;

export function isJobPostingV2(posting: JobPosting): posting is JobPostingV2 {
  return posting.schema_version === 2;
}
