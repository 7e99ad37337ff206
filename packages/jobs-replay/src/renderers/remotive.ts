import { slugify } from '../content/companies';
import { descriptionHtml } from '../content/description';
import { feedRegionLabel } from '../content/location';
import { TECHNOLOGIES } from '../content/technologies';
import { isoNoZone } from '../format';
import { FEED_TENANT } from '../sources';
import type { PostingState } from '../world';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceHandler,
} from './types';

export const REMOTIVE_LEGAL_NOTICE =
  "Legal warning - Hey, thanks for using Remotive's API, we appreciate it! Please note that API documentation and access is granted so that developers can share our jobs further. Please do not submit Remotive jobs to third Party websites, including but not limited to: Jooble, Neuvoo, Google Jobs, LinkedIn Jobs. Please link back to the URL found on Remotive AND mention Remotive as a source in order to Remotive to get traffic from your listing. If you don't do that, we'll terminate your API access, sorry! Jobs displayed are delayed by 24 hours, the goal being that jobs are attributed to Remotive on various platforms.";

const JOB_TYPES = {
  'full-time': 'full_time',
  'part-time': 'part_time',
  contract: 'contract',
  internship: 'internship',
  temporary: 'freelance',
} as const;

/** One element of `jobs[]` from `GET /api/remote-jobs`. */
export function remotiveJob(posting: PostingState): Record<string, unknown> {
  const { content } = posting;
  const id = Number(posting.id);
  const category = content.family.category;
  return {
    id,
    url: `https://remotive.com/remote-jobs/${slugify(category)}/${slugify(content.title)}-${id}`,
    title: content.title,
    company_name: content.company.name,
    company_logo: `https://remotive.com/job/${id}/logo`,
    category,
    tags: content.technologies.map((key) => TECHNOLOGIES[key].name.toLowerCase()),
    job_type: id % 9 === 0 ? '' : JOB_TYPES[content.employmentType],
    publication_date: isoNoZone(posting.openedAt),
    candidate_required_location: feedRegionLabel(content.location),
    salary: content.salaryText ?? '',
    description: descriptionHtml(content.description),
  };
}

/** `/api/remote-jobs[?category=&search=&company_name=&limit=]`. */
export const handleRemotive: SourceHandler = (world, request) => {
  const parts = segments(request.path);
  if (parts.join('/') !== 'api/remote-jobs') return jsonResponse(404, { error: 'Not found' }, null);
  const category = request.query.get('category')?.toLowerCase();
  const search = request.query.get('search')?.toLowerCase();
  const company = request.query.get('company_name')?.toLowerCase();
  const limit =
    intParam(request.query, 'limit', Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER;
  const all = world.openPostings('remotive', FEED_TENANT, request.at);
  const matching = all.filter((posting) => {
    const { content } = posting;
    if (category && slugify(content.family.category) !== category) return false;
    if (company && !content.company.name.toLowerCase().includes(company)) return false;
    if (search) {
      const haystack = `${content.title} ${descriptionHtml(content.description)}`.toLowerCase();
      if (!haystack.includes(search)) return false;
    }
    return true;
  });
  const jobs: RenderedPosting[] = matching.slice(0, limit).map((posting) => ({
    object: remotiveJob(posting),
    tenant: FEED_TENANT,
    id: posting.id,
  }));
  return jsonResponse(
    200,
    {
      '0-legal-notice': REMOTIVE_LEGAL_NOTICE,
      'job-count': jobs.length,
      'total-job-count': all.length,
      jobs: jobs.map((job) => job.object),
    },
    FEED_TENANT,
    jobs,
  );
};
