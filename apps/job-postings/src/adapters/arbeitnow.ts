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

/** One element of `data[]` of `GET /api/job-board-api?page=N`. */
export const ArbeitnowJob = z.object({
  slug: z.string().min(1),
  title: z.string().min(1),
  url: z.string().min(1),
  company_name: z.string().nullish(),
  description: z.string().nullish(),
  remote: z.boolean().nullish(),
  tags: z.array(z.string()).nullish(),
  job_types: z.array(z.string()).nullish(),
  location: z.string().nullish(),
  /** Unix seconds. */
  created_at: z.number().nullish(),
});
type ArbeitnowJob = z.infer<typeof ArbeitnowJob>;

const Page = z.object({
  data: z.array(z.unknown()),
  links: z.object({ next: z.string().nullish() }).nullish(),
});

export function arbeitnowPosting(job: ArbeitnowJob): SourcePosting {
  return {
    source: 'arbeitnow',
    tenant: null,
    nativeId: job.slug,
    title: job.title,
    company: job.company_name ?? null,
    locations: job.location ? [job.location] : [],
    workplace: job.remote === true ? 'remote' : null,
    employmentLabels: job.job_types ?? [],
    seniorityLabels: job.job_types ?? [],
    tags: job.tags ?? [],
    url: job.url,
    publishedAt: job.created_at ? job.created_at * 1000 : null,
    descriptionHtml: job.description ?? null,
  };
}

/** Arbeitnow: `GET /api/job-board-api?page=N`, 100 per page, following `links.next` to its end. */
export function arbeitnowAdapter(config: SourceConfig): SourceAdapter {
  return {
    source: 'arbeitnow',
    closeAfterMisses: 2,
    tenants: () => Promise.resolve([null]),
    async *listing(_tenant, http, context): Listing {
      let url: string | null = urlOf(config.baseUrl, '/api/job-board-api', { page: 1 });
      for (let page = 1; url !== null && page <= config.maxPages; page++) {
        const result = await http.getJson(url, context.signal);
        if (result.kind === 'challenge' || result.kind === 'malformed') {
          yield badPage(result);
          return failedEnd(result, `page ${page}`);
        }
        const parsed = result.kind === 'json' ? Page.safeParse(result.body) : undefined;
        if (!parsed?.success) return failedEnd(result, `page ${page}`);
        yield {
          location: url,
          items: parsed.data.data.map((job) =>
            parseElement(ArbeitnowJob, job, (raw) => fieldOf(raw, 'slug'), arbeitnowPosting),
          ),
        };
        const next = parsed.data.links?.next ?? null;
        // Follow the next page on the configured base (the API links to its public host).
        url =
          next === null ? null : urlOf(config.baseUrl, '/api/job-board-api', { page: page + 1 });
        if (url !== null && context.signal.aborted) return { complete: false, reason: 'stopped' };
      }
      return url === null
        ? { complete: true, reason: null }
        : { complete: false, reason: `more than ${config.maxPages} pages` };
    },
  };
}
