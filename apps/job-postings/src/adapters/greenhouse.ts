import { decodeXML } from 'entities';
import { z } from 'zod';
import type { SourceConfig } from '../config/sources-config';
import { textOfClass } from '../normalize/html-section';
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
import { describeIssues } from '@tributary/schemas';

/** One element of `jobs[]` of `GET /v1/boards/{token}/jobs?content=true`: the fields we read. */
export const GreenhouseJob = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  title: z.string().min(1),
  absolute_url: z.string().min(1),
  updated_at: z.string().nullish(),
  first_published: z.string().nullish(),
  company_name: z.string().nullish(),
  location: z.object({ name: z.string().nullish() }).nullish(),
  /** HTML, escaped once more ("&lt;p&gt;"). */
  content: z.string().nullish(),
  metadata: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
  departments: z.array(z.object({ name: z.string() })).nullish(),
  offices: z
    .array(z.object({ name: z.string().nullish(), location: z.string().nullish() }))
    .nullish(),
  /** Only with `?pay_transparency=true`. */
  pay_input_ranges: z
    .array(
      z.object({
        min_cents: z.number().nullish(),
        max_cents: z.number().nullish(),
        currency_type: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type GreenhouseJob = z.infer<typeof GreenhouseJob>;

const GreenhouseBoard = z.object({
  jobs: z.array(z.unknown()),
  meta: z.object({ total: z.number().int() }).nullish(),
});

const SALARY_METADATA = /salary|compensation|pay range|pay/i;

function payOf(job: GreenhouseJob, html: string | null): SourcePay | null {
  const range = job.pay_input_ranges?.[0];
  if (range && (range.min_cents || range.max_cents)) {
    return {
      structured: {
        min: range.min_cents ? range.min_cents / 100 : null,
        max: range.max_cents ? range.max_cents / 100 : null,
        currency: range.currency_type ?? null,
        period: 'year',
      },
    };
  }
  const field = job.metadata?.find(
    (entry) => SALARY_METADATA.test(entry.name) && typeof entry.value === 'string' && entry.value,
  );
  if (field) return { text: field.value as string };
  const block = html ? textOfClass(html, 'pay-range') : null;
  return block ? { text: block } : null;
}

/** A Greenhouse job as the normalizer's input. `content` is unescaped once to get its HTML. */
export function greenhousePosting(job: GreenhouseJob, tenant: string): SourcePosting {
  const html = job.content ? decodeXML(job.content) : null;
  const employment = job.metadata?.find((entry) => /employment|job type/i.test(entry.name));
  return {
    source: 'greenhouse',
    tenant,
    nativeId: String(job.id),
    title: job.title,
    company: job.company_name ?? null,
    locations: job.location?.name ? [job.location.name] : [],
    employmentLabels: typeof employment?.value === 'string' ? [employment.value] : [],
    pay: payOf(job, html),
    tags: (job.departments ?? []).map((department) => department.name),
    url: job.absolute_url,
    publishedAt: timeOf(job.first_published),
    updatedAt: timeOf(job.updated_at),
    descriptionHtml: html,
  };
}

/**
 * Greenhouse job boards: `GET /v1/boards/{token}/jobs?content=true` answers the whole board at
 * once (`meta.total`), so one response is a complete listing. A board that answers 404 is gone or
 * renamed: reported, nothing closed.
 */
export function greenhouseAdapter(config: SourceConfig): SourceAdapter {
  return {
    source: 'greenhouse',
    closeAfterMisses: 1,
    tenants: () => Promise.resolve(config.tenants),
    async *listing(tenant, http, context): Listing {
      const token = tenant ?? '';
      const url = urlOf(config.baseUrl, `/v1/boards/${encodeURIComponent(token)}/jobs`, {
        content: 'true',
      });
      const result = await http.getJson(url, context.signal);
      if (result.kind === 'challenge' || result.kind === 'malformed') {
        yield badPage(result);
        return failedEnd(result, `board ${token}`);
      }
      if (result.kind !== 'json') return failedEnd(result, `board ${token}`);
      const board = GreenhouseBoard.safeParse(result.body);
      if (!board.success) {
        yield {
          location: url,
          items: [
            {
              kind: 'bad',
              nativeId: null,
              reason: 'schema_drift',
              detail: `board ${token}: ${describeIssues(board.error, { limit: 5 })}`,
              raw: JSON.stringify(result.body).slice(0, 2_000),
            },
          ],
        };
        return { complete: false, reason: `board ${token}: response without jobs[]` };
      }
      const { jobs, meta } = board.data;
      yield {
        location: url,
        items: jobs.map((job) =>
          parseElement(
            GreenhouseJob,
            job,
            (element) => fieldOf(element, 'id'),
            (parsed) => greenhousePosting(parsed, token),
          ),
        ),
      };
      if (meta && meta.total !== jobs.length) {
        return { complete: false, reason: `board ${token}: ${jobs.length} of ${meta.total} jobs` };
      }
      return { complete: true, reason: null };
    },
  };
}
