import { z } from 'zod';
import type { SalaryPeriod } from '@tributary/schemas';
import type { SourceConfig } from '../config/sources-config';
import type { SourcePosting } from '../normalize/source-posting';
import {
  badPage,
  failedEnd,
  fieldOf,
  parseElement,
  timeOf,
  urlOf,
  type Listing,
  type SourceAdapter,
} from './source-adapter';

/** Jobicy returns at most this many jobs per request. */
export const JOBICY_MAX_COUNT = 100;

/** One element of `jobs[]` of `GET /api/v2/remote-jobs`. */
export const JobicyJob = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  url: z.string().min(1),
  jobTitle: z.string().min(1),
  companyName: z.string().nullish(),
  jobIndustry: z.array(z.string()).nullish(),
  jobType: z.array(z.string()).nullish(),
  jobGeo: z.string().nullish(),
  jobLevel: z.string().nullish(),
  jobDescription: z.string().nullish(),
  pubDate: z.string().nullish(),
  // The v2 feed has written both spellings.
  salaryMin: z.number().nullish(),
  salaryMax: z.number().nullish(),
  annualSalaryMin: z.union([z.number(), z.string()]).nullish(),
  annualSalaryMax: z.union([z.number(), z.string()]).nullish(),
  salaryCurrency: z.string().nullish(),
  salaryPeriod: z.string().nullish(),
});
type JobicyJob = z.infer<typeof JobicyJob>;

const Feed = z.object({ jobs: z.array(z.unknown()) });

const PERIODS: Readonly<Record<string, SalaryPeriod>> = {
  yearly: 'year',
  annual: 'year',
  monthly: 'month',
  weekly: 'week',
  daily: 'day',
  hourly: 'hour',
};

const amount = (value: number | string | null | undefined): number | null => {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : null;
};

export function jobicyPosting(job: JobicyJob): SourcePosting {
  const annual = job.annualSalaryMin !== undefined || job.annualSalaryMax !== undefined;
  const min = amount(job.salaryMin ?? job.annualSalaryMin);
  const max = amount(job.salaryMax ?? job.annualSalaryMax);
  const period = job.salaryPeriod
    ? (PERIODS[job.salaryPeriod.toLowerCase()] ?? null)
    : annual
      ? 'year'
      : null;
  return {
    source: 'jobicy',
    tenant: null,
    nativeId: String(job.id),
    title: job.jobTitle,
    company: job.companyName ?? null,
    locations: job.jobGeo ? [job.jobGeo] : [],
    remoteOnly: true,
    workplace: 'remote',
    employmentLabels: job.jobType ?? [],
    seniorityLabels: [job.jobLevel],
    pay:
      min || max
        ? { structured: { min, max, currency: job.salaryCurrency ?? null, period } }
        : null,
    tags: job.jobIndustry ?? [],
    url: job.url,
    publishedAt: timeOf(job.pubDate),
    descriptionHtml: job.jobDescription ?? null,
  };
}

/**
 * Jobicy: `GET /api/v2/remote-jobs?count=100`, the latest jobs, polled at most once an hour. A full
 * answer (100 jobs) may have cut older ones off, so only a shorter answer is a complete listing;
 * a full one closes nothing.
 * The terms forbid passing the listings on to other job platforms.
 */
export function jobicyAdapter(config: SourceConfig): SourceAdapter {
  const count = Math.min(JOBICY_MAX_COUNT, config.pageSize ?? JOBICY_MAX_COUNT);
  return {
    source: 'jobicy',
    closeAfterMisses: 1,
    tenants: () => Promise.resolve([null]),
    async *listing(_tenant, http, context): Listing {
      const url = urlOf(config.baseUrl, '/api/v2/remote-jobs', { count });
      const result = await http.getJson(url, context.signal);
      if (result.kind === 'challenge' || result.kind === 'malformed') {
        yield badPage(result);
        return failedEnd(result, 'feed');
      }
      const parsed = result.kind === 'json' ? Feed.safeParse(result.body) : undefined;
      if (!parsed?.success) return failedEnd(result, 'feed');
      const { jobs } = parsed.data;
      yield {
        location: url,
        items: jobs.map((job) =>
          parseElement(JobicyJob, job, (raw) => fieldOf(raw, 'id'), jobicyPosting),
        ),
      };
      // A full answer is the newest `count` jobs, not the feed: read like an incremental source.
      return jobs.length < count
        ? { complete: true, reason: null }
        : { complete: false, reason: null, incremental: true };
    },
  };
}
