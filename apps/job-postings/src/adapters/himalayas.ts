import { z } from 'zod';
import type { SourceConfig } from '../config/sources-config';
import type { SourcePosting } from '../normalize/source-posting';
import {
  badPage,
  failedEnd,
  fieldOf,
  parseElement,
  urlOf,
  type Listing,
  type SourceAdapter,
} from './source-adapter';

/** Himalayas answers at most this many jobs per request, whatever `limit` asks for. */
export const HIMALAYAS_MAX_LIMIT = 20;

/** One element of `jobs[]` of `GET /jobs/api?limit=&offset=`. */
export const HimalayasJob = z.object({
  guid: z.string().min(1),
  title: z.string().min(1),
  applicationLink: z.string().min(1),
  companyName: z.string().nullish(),
  employmentType: z.string().nullish(),
  /** Annual, in `currency`. */
  minSalary: z.number().nullish(),
  maxSalary: z.number().nullish(),
  currency: z.string().nullish(),
  seniority: z.array(z.string()).nullish(),
  /** Country names; newer answers give `{name, alpha2}` objects. */
  locationRestrictions: z
    .array(
      z.union([z.string(), z.object({ name: z.string().nullish(), alpha2: z.string().nullish() })]),
    )
    .nullish(),
  categories: z.array(z.string()).nullish(),
  parentCategories: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  /** Epoch milliseconds. */
  pubDate: z.number().nullish(),
});
type HimalayasJob = z.infer<typeof HimalayasJob>;

const Page = z.object({
  totalCount: z.number().int().nullish(),
  jobs: z.array(z.unknown()),
});

export function himalayasPosting(job: HimalayasJob): SourcePosting {
  const min = job.minSalary || null;
  const max = job.maxSalary || null;
  const restrictions = job.locationRestrictions ?? [];
  return {
    source: 'himalayas',
    tenant: null,
    nativeId: job.guid,
    title: job.title,
    company: job.companyName ?? null,
    locations: restrictions.flatMap((entry) =>
      typeof entry === 'string' ? [entry] : entry.name ? [entry.name] : [],
    ),
    countryHints: restrictions.flatMap((entry) =>
      typeof entry !== 'string' && entry.alpha2 ? [entry.alpha2] : [],
    ),
    remoteOnly: true,
    workplace: 'remote',
    employmentLabels: [job.employmentType],
    seniorityLabels: job.seniority ?? [],
    pay:
      min || max
        ? { structured: { min, max, currency: job.currency ?? null, period: 'year' } }
        : null,
    tags: [...(job.parentCategories ?? []), ...(job.categories ?? [])],
    url: job.applicationLink,
    publishedAt: job.pubDate ?? null,
    descriptionHtml: job.description ?? null,
  };
}

/**
 * Himalayas: `GET /jobs/api?limit=&offset=`, at most 20 a page, paged by offset up to `totalCount`
 * (or `maxPages`: the live feed holds far more than a polite run reads, so it is then incomplete).
 * The terms ask to link back and mention Himalayas.
 */
export function himalayasAdapter(config: SourceConfig): SourceAdapter {
  const limit = Math.min(HIMALAYAS_MAX_LIMIT, config.pageSize ?? HIMALAYAS_MAX_LIMIT);
  return {
    source: 'himalayas',
    closeAfterMisses: 2,
    tenants: () => Promise.resolve([null]),
    async *listing(_tenant, http, context): Listing {
      const ids = new Set<string>();
      for (let page = 0; page < config.maxPages; page++) {
        const url = urlOf(config.baseUrl, '/jobs/api', { limit, offset: page * limit });
        const result = await http.getJson(url, context.signal);
        if (result.kind === 'challenge' || result.kind === 'malformed') {
          yield badPage(result);
          return failedEnd(result, `page ${page + 1}`);
        }
        const parsed = result.kind === 'json' ? Page.safeParse(result.body) : undefined;
        if (!parsed?.success) return failedEnd(result, `page ${page + 1}`);
        const { jobs, totalCount } = parsed.data;
        for (const job of jobs) {
          const id = fieldOf(job, 'guid');
          if (id) ids.add(id);
        }
        yield {
          location: url,
          items: jobs.map((job) =>
            parseElement(HimalayasJob, job, (raw) => fieldOf(raw, 'guid'), himalayasPosting),
          ),
        };
        const total = totalCount ?? null;
        if (jobs.length === 0 || (total !== null && (page + 1) * limit >= total)) {
          return total === null || ids.size === total
            ? { complete: true, reason: null }
            : { complete: false, reason: `${ids.size} of ${total} jobs` };
        }
        if (context.signal.aborted) return { complete: false, reason: 'stopped' };
      }
      return { complete: false, reason: `more than ${config.maxPages} pages` };
    },
  };
}
