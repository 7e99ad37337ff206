import { z } from 'zod';
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

/** One element of `jobs[]` of `GET /api/remote-jobs`. */
export const RemotiveJob = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  url: z.string().min(1),
  title: z.string().min(1),
  company_name: z.string().nullish(),
  category: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  job_type: z.string().nullish(),
  /** Without a time zone; Remotive means UTC. */
  publication_date: z.string().nullish(),
  candidate_required_location: z.string().nullish(),
  /** Free text ("$60k - $80k", "competitive"), or empty. */
  salary: z.string().nullish(),
  description: z.string().nullish(),
});
type RemotiveJob = z.infer<typeof RemotiveJob>;

const Feed = z.object({
  'job-count': z.number().int().nullish(),
  'total-job-count': z.number().int().nullish(),
  jobs: z.array(z.unknown()),
});

export function remotivePosting(job: RemotiveJob): SourcePosting {
  return {
    source: 'remotive',
    tenant: null,
    nativeId: String(job.id),
    title: job.title,
    company: job.company_name ?? null,
    locations: job.candidate_required_location ? [job.candidate_required_location] : [],
    remoteOnly: true,
    workplace: 'remote',
    employmentLabels: [job.job_type],
    pay: job.salary?.trim() ? { text: job.salary } : null,
    tags: [...(job.category ? [job.category] : []), ...(job.tags ?? [])],
    url: job.url,
    publishedAt: timeOf(job.publication_date),
    descriptionHtml: job.description ?? null,
  };
}

/**
 * Remotive: `GET /api/remote-jobs` is the whole feed (jobs appear 24 h late). At most 4 fetches a
 * day and never more than 2 a minute (the config's schedule and limits); the terms ask to link back
 * and name Remotive. It has answered a Cloudflare page instead of JSON: dead-lettered, not retried.
 */
export function remotiveAdapter(config: SourceConfig): SourceAdapter {
  return {
    source: 'remotive',
    closeAfterMisses: 1,
    tenants: () => Promise.resolve([null]),
    async *listing(_tenant, http, context): Listing {
      const url = urlOf(config.baseUrl, '/api/remote-jobs');
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
          parseElement(RemotiveJob, job, (raw) => fieldOf(raw, 'id'), remotivePosting),
        ),
      };
      const total = parsed.data['total-job-count'];
      return total !== null && total !== undefined && total > jobs.length
        ? { complete: false, reason: `feed: ${jobs.length} of ${total} jobs` }
        : { complete: true, reason: null };
    },
  };
}
