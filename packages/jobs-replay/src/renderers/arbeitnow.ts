import { descriptionHtml } from '../content/description';
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

export const ARBEITNOW_PAGE_SIZE = 100;

const JOB_TYPES = {
  'full-time': ['Full Time'],
  'part-time': ['Part Time'],
  contract: ['Contract', 'Freelance'],
  internship: ['Internship'],
  temporary: ['Temporary'],
} as const;

const LEVEL_TYPES = {
  intern: 'Student',
  junior: 'Berufseinsteiger',
  mid: 'Professional / Experienced',
  senior: 'Professional / Experienced',
  staff: 'Professional / Experienced',
  principal: 'Professional / Experienced',
  lead: 'Management',
  manager: 'Management',
  director: 'Management',
} as const;

/** One element of `data[]` from `GET /api/job-board-api`. */
export function arbeitnowJob(posting: PostingState): Record<string, unknown> {
  const { content } = posting;
  const office = content.location.offices[0];
  return {
    slug: posting.id,
    company_name: content.company.name,
    title: content.title,
    description: descriptionHtml(content.description),
    remote: content.location.workplace === 'remote',
    url: `https://www.arbeitnow.com/jobs/companies/${content.company.slug}/${posting.id}`,
    tags: [content.family.category, content.department],
    job_types: [...JOB_TYPES[content.employmentType], LEVEL_TYPES[content.seniority]],
    location: office?.city ?? 'Remote',
    created_at: unixSeconds(posting.openedAt),
  };
}

/** `/api/job-board-api?page=N`: 100 per page, `links.next` null on the last page. */
export const handleArbeitnow: SourceHandler = (world, request) => {
  if (segments(request.path).join('/') !== 'api/job-board-api') {
    return jsonResponse(404, { message: 'Not Found' }, null);
  }
  const page = Math.max(1, intParam(request.query, 'page', 1) ?? 1);
  const all = world.openPostings('arbeitnow', FEED_TENANT, request.at);
  const from = (page - 1) * ARBEITNOW_PAGE_SIZE;
  const rows: RenderedPosting[] = all.slice(from, from + ARBEITNOW_PAGE_SIZE).map((posting) => ({
    object: arbeitnowJob(posting),
    tenant: FEED_TENANT,
    id: posting.id,
  }));
  const path = `${request.origin}/arbeitnow/api/job-board-api`;
  const more = from + ARBEITNOW_PAGE_SIZE < all.length;
  return jsonResponse(
    200,
    {
      data: rows.map((row) => row.object),
      links: {
        first: `${path}?page=1`,
        last: null,
        prev: page > 1 ? `${path}?page=${page - 1}` : null,
        next: more ? `${path}?page=${page + 1}` : null,
      },
      meta: {
        current_page: page,
        from: rows.length > 0 ? from + 1 : null,
        path,
        per_page: ARBEITNOW_PAGE_SIZE,
        to: rows.length > 0 ? from + rows.length : null,
        terms:
          'This is a free public API for jobs, please do not abuse. By using the API, you agree to the terms of service: https://www.arbeitnow.com/terms',
        info: 'Jobs are updated every hour and order by the `created_at` timestamp. Use `?page=` to paginate.',
      },
    },
    FEED_TENANT,
    rows,
  );
};
