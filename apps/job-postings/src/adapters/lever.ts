import { z } from 'zod';
import type { SalaryPeriod, Workplace } from '@tributary/schemas';
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

/** One posting of `GET /v0/postings/{site}?mode=json`: the fields we read. */
export const LeverPosting = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  hostedUrl: z.string().min(1),
  applyUrl: z.string().nullish(),
  createdAt: z.number().nullish(),
  categories: z
    .object({
      location: z.string().nullish(),
      allLocations: z.array(z.string()).nullish(),
      commitment: z.string().nullish(),
      team: z.string().nullish(),
      department: z.string().nullish(),
    })
    .nullish(),
  country: z.string().nullish(),
  workplaceType: z.string().nullish(),
  description: z.string().nullish(),
  lists: z.array(z.object({ text: z.string(), content: z.string() })).nullish(),
  additional: z.string().nullish(),
  salaryRange: z
    .object({
      currency: z.string().nullish(),
      interval: z.string().nullish(),
      min: z.number().nullish(),
      max: z.number().nullish(),
    })
    .nullish(),
});
type LeverPosting = z.infer<typeof LeverPosting>;

/** Lever's `salaryRange.interval` values. */
const INTERVALS: Readonly<Record<string, SalaryPeriod>> = {
  'per-year-salary': 'year',
  'per-month-salary': 'month',
  'per-week-salary': 'week',
  'per-day-wage': 'day',
  'per-day-salary': 'day',
  'per-hour-wage': 'hour',
  'per-hour-salary': 'hour',
};

const WORKPLACES: Readonly<Record<string, Workplace>> = {
  'on-site': 'onsite',
  onsite: 'onsite',
  remote: 'remote',
  hybrid: 'hybrid',
};

function html(posting: LeverPosting): string {
  const lists = (posting.lists ?? [])
    .map((list) => `<h3>${list.text}</h3><ul>${list.content}</ul>`)
    .join('');
  return `${posting.description ?? ''}${lists}${posting.additional ?? ''}`;
}

export function leverPosting(posting: LeverPosting, site: string): SourcePosting {
  const categories = posting.categories ?? {};
  const locations = categories.allLocations?.length
    ? categories.allLocations
    : categories.location
      ? [categories.location]
      : [];
  const range = posting.salaryRange;
  return {
    source: 'lever',
    tenant: site,
    nativeId: posting.id,
    title: posting.text,
    // Lever's postings do not carry the company name; the site is the company.
    company: null,
    locations,
    countryHints: posting.country ? [posting.country] : [],
    workplace: WORKPLACES[posting.workplaceType ?? ''] ?? null,
    employmentLabels: [categories.commitment],
    pay:
      range && (range.min || range.max)
        ? {
            structured: {
              min: range.min ?? null,
              max: range.max ?? null,
              currency: range.currency ?? null,
              period: INTERVALS[range.interval ?? ''] ?? null,
            },
          }
        : null,
    tags: [categories.department, categories.team].filter((tag): tag is string => !!tag),
    url: posting.hostedUrl,
    applyUrl: posting.applyUrl ?? null,
    publishedAt: posting.createdAt ?? null,
    descriptionHtml: html(posting),
  };
}

/**
 * Lever postings: `GET /v0/postings/{site}?mode=json&skip=&limit=`, paged until a short page. Offset
 * paging over a live list can skip an element, so a posting is closed only after two complete
 * listings without it.
 */
export function leverAdapter(config: SourceConfig): SourceAdapter {
  const limit = config.pageSize ?? 100;
  return {
    source: 'lever',
    closeAfterMisses: 2,
    tenants: () => Promise.resolve(config.tenants),
    async *listing(tenant, http, context): Listing {
      const site = tenant ?? '';
      for (let page = 0; page < config.maxPages; page++) {
        const url = urlOf(config.baseUrl, `/v0/postings/${encodeURIComponent(site)}`, {
          mode: 'json',
          skip: page * limit,
          limit,
        });
        const result = await http.getJson(url, context.signal);
        if (result.kind === 'challenge' || result.kind === 'malformed') {
          yield badPage(result);
          return failedEnd(result, `site ${site} page ${page + 1}`);
        }
        if (result.kind !== 'json' || !Array.isArray(result.body)) {
          return failedEnd(result, `site ${site} page ${page + 1}`);
        }
        const postings: unknown[] = result.body;
        yield {
          location: url,
          items: postings.map((element) =>
            parseElement(
              LeverPosting,
              element,
              (raw) => fieldOf(raw, 'id'),
              (parsed) => leverPosting(parsed, site),
            ),
          ),
        };
        if (postings.length < limit) return { complete: true, reason: null };
        if (context.signal.aborted) return { complete: false, reason: 'stopped' };
      }
      return { complete: false, reason: `site ${site}: more than ${config.maxPages} pages` };
    },
  };
}
