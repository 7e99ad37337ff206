import { z } from 'zod';
import type { SalaryPeriod, Workplace } from '@tributary/schemas';
import type { SourceConfig } from '../config/sources-config';
import type { SourcePay, SourcePosting } from '../normalize/source-posting';
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

const Component = z.object({
  compensationType: z.string().nullish(),
  interval: z.string().nullish(),
  currencyCode: z.string().nullish(),
  minValue: z.number().nullish(),
  maxValue: z.number().nullish(),
});

/** One element of `jobs[]` of `GET /posting-api/job-board/{name}?includeCompensation=true`. */
export const AshbyJob = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  jobUrl: z.string().min(1),
  applyUrl: z.string().nullish(),
  department: z.string().nullish(),
  team: z.string().nullish(),
  employmentType: z.string().nullish(),
  location: z.string().nullish(),
  secondaryLocations: z.array(z.object({ location: z.string().nullish() })).nullish(),
  address: z
    .object({ postalAddress: z.object({ addressCountry: z.string().nullish() }).nullish() })
    .nullish(),
  isRemote: z.boolean().nullish(),
  workplaceType: z.string().nullish(),
  isListed: z.boolean().nullish(),
  publishedAt: z.string().nullish(),
  descriptionHtml: z.string().nullish(),
  descriptionPlain: z.string().nullish(),
  compensation: z
    .object({
      compensationTiers: z.array(z.object({ components: z.array(Component).nullish() })).nullish(),
      summaryComponents: z.array(Component).nullish(),
    })
    .nullish(),
});
type AshbyJob = z.infer<typeof AshbyJob>;

const Board = z.object({ jobs: z.array(z.unknown()) });

/** Ashby's component intervals ("1 YEAR"). */
const INTERVALS: Readonly<Record<string, SalaryPeriod>> = {
  '1 YEAR': 'year',
  '1 MONTH': 'month',
  '1 WEEK': 'week',
  '1 DAY': 'day',
  '1 HOUR': 'hour',
};

const WORKPLACES: Readonly<Record<string, Workplace>> = {
  OnSite: 'onsite',
  Remote: 'remote',
  Hybrid: 'hybrid',
};

function payOf(job: AshbyJob): SourcePay | null {
  const components = [
    ...(job.compensation?.summaryComponents ?? []),
    ...(job.compensation?.compensationTiers ?? []).flatMap((tier) => tier.components ?? []),
  ];
  const salary = components.find(
    (component) =>
      component.compensationType === 'Salary' && (component.minValue || component.maxValue),
  );
  if (!salary) return null;
  return {
    structured: {
      min: salary.minValue ?? null,
      max: salary.maxValue ?? null,
      currency: salary.currencyCode ?? null,
      period: INTERVALS[salary.interval ?? ''] ?? null,
    },
  };
}

export function ashbyPosting(job: AshbyJob, board: string): SourcePosting {
  const country = job.address?.postalAddress?.addressCountry;
  return {
    source: 'ashby',
    tenant: board,
    nativeId: job.id,
    title: job.title,
    company: null,
    locations: [
      ...(job.location ? [job.location] : []),
      ...(job.secondaryLocations ?? []).flatMap((entry) =>
        entry.location ? [entry.location] : [],
      ),
    ],
    countryHints: country && /^[A-Z]{2}$/i.test(country) ? [country] : [],
    workplace: WORKPLACES[job.workplaceType ?? ''] ?? (job.isRemote === true ? 'remote' : null),
    employmentLabels: [job.employmentType],
    pay: payOf(job),
    tags: [job.department, job.team].filter((tag): tag is string => !!tag),
    url: job.jobUrl,
    applyUrl: job.applyUrl ?? null,
    publishedAt: timeOf(job.publishedAt),
    descriptionHtml: job.descriptionHtml ?? null,
    descriptionText: job.descriptionPlain ?? null,
  };
}

/**
 * Ashby job boards: `GET /posting-api/job-board/{name}?includeCompensation=true` answers the whole
 * board at once; unlisted jobs are skipped.
 */
export function ashbyAdapter(config: SourceConfig): SourceAdapter {
  return {
    source: 'ashby',
    closeAfterMisses: 1,
    tenants: () => Promise.resolve(config.tenants),
    async *listing(tenant, http, context): Listing {
      const board = tenant ?? '';
      const url = urlOf(config.baseUrl, `/posting-api/job-board/${encodeURIComponent(board)}`, {
        includeCompensation: 'true',
      });
      const result = await http.getJson(url, context.signal);
      if (result.kind === 'challenge' || result.kind === 'malformed') {
        yield badPage(result);
        return failedEnd(result, `board ${board}`);
      }
      const parsed = result.kind === 'json' ? Board.safeParse(result.body) : undefined;
      if (!parsed?.success) return failedEnd(result, `board ${board}`);
      const listed = parsed.data.jobs.filter(
        (job) => (job as { isListed?: unknown }).isListed !== false,
      );
      yield {
        location: url,
        items: listed.map((job) =>
          parseElement(
            AshbyJob,
            job,
            (raw) => fieldOf(raw, 'id'),
            (one) => ashbyPosting(one, board),
          ),
        ),
      };
      return { complete: true, reason: null };
    },
  };
}
