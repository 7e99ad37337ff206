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

/** One job element of `GET /api` (every element after the legal notice). */
export const RemoteOkJob = z.object({
  id: z.union([z.string().min(1), z.number().int()]),
  position: z.string().min(1),
  url: z.string().min(1),
  apply_url: z.string().nullish(),
  company: z.string().nullish(),
  epoch: z.number().nullish(),
  date: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  location: z.string().nullish(),
  description: z.string().nullish(),
  /** Annual US dollars; 0 when the employer gave none. */
  salary_min: z.number().nullish(),
  salary_max: z.number().nullish(),
});
type RemoteOkJob = z.infer<typeof RemoteOkJob>;

/** The first element: `{legal, last_updated}`, not a job. */
export function isLegalNotice(element: unknown): boolean {
  return (
    typeof element === 'object' &&
    element !== null &&
    'legal' in element &&
    !('position' in element) &&
    !('id' in element)
  );
}

export function remoteOkPosting(job: RemoteOkJob): SourcePosting {
  const min = job.salary_min || null;
  const max = job.salary_max || null;
  return {
    source: 'remoteok',
    tenant: null,
    nativeId: String(job.id),
    title: job.position,
    company: job.company ?? null,
    locations: job.location ? [job.location] : [],
    remoteOnly: true,
    workplace: 'remote',
    pay: min || max ? { structured: { min, max, currency: 'USD', period: 'year' } } : null,
    tags: job.tags ?? [],
    url: job.url,
    applyUrl: job.apply_url ?? null,
    publishedAt: job.epoch ? job.epoch * 1000 : timeOf(job.date),
    descriptionHtml: job.description ?? null,
  };
}

/**
 * RemoteOK: `GET /api` is one array whose first element is a legal notice (skipped, never a job).
 * The terms ask for a descriptive User-Agent, a link back and a mention of RemoteOK.
 */
export function remoteOkAdapter(config: SourceConfig): SourceAdapter {
  return {
    source: 'remoteok',
    closeAfterMisses: 1,
    tenants: () => Promise.resolve([null]),
    async *listing(_tenant, http, context): Listing {
      const url = urlOf(config.baseUrl, '/api');
      const result = await http.getJson(url, context.signal);
      if (result.kind === 'challenge' || result.kind === 'malformed') {
        yield badPage(result);
        return failedEnd(result, 'feed');
      }
      if (result.kind !== 'json' || !Array.isArray(result.body)) return failedEnd(result, 'feed');
      const elements: unknown[] = result.body;
      yield {
        location: url,
        items: elements
          .filter((element) => !isLegalNotice(element))
          .map((job) =>
            parseElement(RemoteOkJob, job, (raw) => fieldOf(raw, 'id'), remoteOkPosting),
          ),
      };
      return { complete: true, reason: null };
    },
  };
}
