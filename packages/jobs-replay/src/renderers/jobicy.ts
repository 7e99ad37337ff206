import { slugify } from '../content/companies';
import { descriptionHtml } from '../content/description';
import { htmlToPlain } from '../content/html';
import { feedRegionLabel } from '../content/location';
import { structuredRange, type SalaryPeriod } from '../content/salary';
import { isoSecondsUtcOffset, sqlDateTime } from '../format';
import { FEED_TENANT } from '../sources';
import type { PostingState } from '../world';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceHandler,
} from './types';

export const JOBICY_MAX_COUNT = 100;

export const JOBICY_NOTICE =
  "We appreciate your use of Jobicy API in your projects! Please note that our API access is designed primarily to facilitate broader distribution of our content. We kindly request that you refrain from distributing Jobicy's job listings to any external job platforms, such as Jooble, Google Jobs, and LinkedIn, among others. To ensure that Jobicy is credited as the original source across various platforms, content in the feeds is published with a slight delay. As our data doesn't change frequently, accessing the Feed a few times daily is sufficient and recommended. Be advised that excessive querying may lead to restricted access. Thank you for understanding and cooperating!";

const JOB_TYPES = {
  'full-time': 'Full-Time',
  'part-time': 'Part-Time',
  contract: 'Contract',
  internship: 'Internship',
  temporary: 'Temporary',
} as const;

const LEVELS = {
  intern: 'Any',
  junior: 'Junior',
  mid: 'Midweight',
  senior: 'Senior',
  staff: 'Senior',
  principal: 'Senior',
  lead: 'Lead',
  manager: 'Lead',
  director: 'Lead',
} as const;

const PERIODS: Readonly<Record<SalaryPeriod, string>> = {
  year: 'yearly',
  month: 'monthly',
  day: 'daily',
  hour: 'hourly',
};

function jobGeo(posting: PostingState): string {
  const label = feedRegionLabel(posting.content.location);
  return label === 'Worldwide' ? 'Anywhere' : label;
}

/** One element of `jobs[]` from `GET /api/v2/remote-jobs`. */
export function jobicyJob(posting: PostingState): Record<string, unknown> {
  const { content } = posting;
  const id = Number(posting.id);
  const html = descriptionHtml(content.description);
  const plain = htmlToPlain(html).replace(/\s+/g, ' ');
  const jobSlug = `${id}-${slugify(content.title)}`;
  const job: Record<string, unknown> = {
    id,
    url: `https://jobicy.com/jobs/${jobSlug}`,
    jobSlug,
    jobTitle: content.title,
    companyName: content.company.name,
    companyLogo: `https://jobicy.com/data/server-nyc0409/galaxy/mercury/logos/${content.company.slug}.png`,
    jobIndustry: [content.family.industry[1]],
    jobType: [JOB_TYPES[content.employmentType]],
    jobGeo: jobGeo(posting),
    jobLevel: LEVELS[content.seniority],
    jobExcerpt: `${plain.slice(0, 280).replace(/\s\S*$/, '')}&#8230;`,
    jobDescription: html,
    pubDate: isoSecondsUtcOffset(posting.openedAt),
  };
  if (content.salary) {
    const { min, max } = structuredRange(content.salary);
    job.salaryMin = min;
    job.salaryMax = max;
    job.salaryCurrency = content.salary.currency;
    job.salaryPeriod = PERIODS[content.salary.period];
  }
  return job;
}

/** `/api/v2/remote-jobs?count=&geo=&industry=&tag=`. */
export const handleJobicy: SourceHandler = (world, request) => {
  if (segments(request.path).join('/') !== 'api/v2/remote-jobs') {
    return jsonResponse(404, { success: false, message: 'Not found' }, null);
  }
  const count = Math.min(
    JOBICY_MAX_COUNT,
    Math.max(1, intParam(request.query, 'count', JOBICY_MAX_COUNT) ?? JOBICY_MAX_COUNT),
  );
  const geo = request.query.get('geo')?.toLowerCase();
  const industry = request.query.get('industry')?.toLowerCase();
  const tag = request.query.get('tag')?.toLowerCase();
  const matching = world.openPostings('jobicy', FEED_TENANT, request.at).filter((posting) => {
    const { content } = posting;
    if (geo && !slugify(jobGeo(posting)).includes(geo)) return false;
    if (industry && content.family.industry[0] !== industry) return false;
    if (
      tag &&
      !`${content.title} ${descriptionHtml(content.description)}`.toLowerCase().includes(tag)
    ) {
      return false;
    }
    return true;
  });
  const jobs: RenderedPosting[] = matching.slice(0, count).map((posting) => ({
    object: jobicyJob(posting),
    tenant: FEED_TENANT,
    id: posting.id,
  }));
  return jsonResponse(
    200,
    {
      apiVersion: '2.0',
      documentationUrl: 'https://jobicy.com/jobs-rss-feed',
      friendlyNotice: JOBICY_NOTICE,
      jobCount: jobs.length,
      lastUpdate: sqlDateTime(request.at),
      jobs: jobs.map((job) => job.object),
    },
    FEED_TENANT,
    jobs,
  );
};
