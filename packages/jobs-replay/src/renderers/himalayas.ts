import { descriptionHtml } from '../content/description';
import { htmlToPlain } from '../content/html';
import { PER_YEAR, structuredRange } from '../content/salary';
import { unixSeconds } from '../format';
import { FEED_TENANT } from '../sources';
import type { PostingState } from '../world';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceHandler,
} from './types';

/** Himalayas returns at most this many jobs per request, whatever `limit` asks for. */
export const HIMALAYAS_MAX_LIMIT = 20;

const DAY_MS = 86_400_000;

const EMPLOYMENT = {
  'full-time': 'Full Time',
  'part-time': 'Part Time',
  contract: 'Contractor',
  internship: 'Intern',
  temporary: 'Temporary',
} as const;

const SENIORITY = {
  intern: 'Entry-level',
  junior: 'Entry-level',
  mid: 'Mid-level',
  senior: 'Senior',
  staff: 'Senior',
  principal: 'Senior',
  lead: 'Manager',
  manager: 'Manager',
  director: 'Director',
} as const;

/** One element of `jobs[]` from `GET /jobs/api`. Pay is annual; dates are epoch milliseconds. */
export function himalayasJob(posting: PostingState): Record<string, unknown> {
  const { content } = posting;
  const html = descriptionHtml(content.description);
  const link = `https://himalayas.app/companies/${content.company.slug}/jobs/${posting.id}`;
  const salary = content.salary;
  const range = salary ? structuredRange(salary) : null;
  const perYear = salary ? PER_YEAR[salary.period] : 1;
  const category = content.family.titles[0]?.replace(/[^A-Za-z]+/g, '-') ?? 'Other';
  return {
    title: content.title,
    excerpt: htmlToPlain(html).replace(/\s+/g, ' ').slice(0, 200),
    companyName: content.company.name,
    companySlug: content.company.slug,
    companyLogo: `https://cdn-images.himalayas.app/${content.company.slug}.png`,
    employmentType: EMPLOYMENT[content.employmentType],
    minSalary: range ? Math.round(range.min * perYear) : null,
    maxSalary: range ? Math.round(range.max * perYear) : null,
    seniority: [SENIORITY[content.seniority]],
    currency: salary?.currency ?? 'USD',
    locationRestrictions: content.location.remote ? [...content.location.remote.countries] : [],
    timezoneRestrictions: content.location.remote ? [...content.location.remote.utcOffsets] : [],
    categories: [category],
    parentCategories: [content.family.category],
    description: html,
    pubDate: posting.openedAt,
    expiryDate: posting.openedAt + 30 * DAY_MS,
    applicationLink: link,
    guid: link,
  };
}

/** `/jobs/api?limit=&offset=`. */
export const handleHimalayas: SourceHandler = (world, request) => {
  if (segments(request.path).join('/') !== 'jobs/api')
    return jsonResponse(404, { error: 'Not found' }, null);
  const limit = Math.min(
    HIMALAYAS_MAX_LIMIT,
    Math.max(1, intParam(request.query, 'limit', HIMALAYAS_MAX_LIMIT) ?? HIMALAYAS_MAX_LIMIT),
  );
  const offset = intParam(request.query, 'offset', 0) ?? 0;
  const all = world.openPostings('himalayas', FEED_TENANT, request.at);
  const jobs: RenderedPosting[] = all.slice(offset, offset + limit).map((posting) => ({
    object: himalayasJob(posting),
    tenant: FEED_TENANT,
    id: posting.id,
  }));
  return jsonResponse(
    200,
    {
      comments:
        'Remote jobs from Himalayas (https://himalayas.app). Please link back to the job and mention Himalayas as the source.',
      updatedAt: unixSeconds(request.at),
      offset,
      limit,
      totalCount: all.length,
      jobs: jobs.map((job) => job.object),
    },
    FEED_TENANT,
    jobs,
  );
};
