import { z } from 'zod';
import type { SourceConfig } from '../config/sources-config';
import { contentHash } from '../normalize/fingerprint';
import type { SourcePosting } from '../normalize/source-posting';
import {
  badPage,
  describeElementIssues,
  failedEnd,
  fieldOf,
  parseElement,
  timeOf,
  urlOf,
  type ListedItem,
  type Listing,
  type ListingContext,
  type SourceAdapter,
} from './source-adapter';
import type { SourceHttp } from '../http/source-http';

/** SmartRecruiters refuses pages larger than this. */
export const SMARTRECRUITERS_MAX_LIMIT = 100;

/** One element of `content[]` of `GET /v1/companies/{id}/postings`: the fields we read. */
export const SmartRecruitersSummary = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  releasedDate: z.string().nullish(),
  company: z.object({ name: z.string().nullish(), identifier: z.string().nullish() }).nullish(),
  location: z
    .object({
      city: z.string().nullish(),
      region: z.string().nullish(),
      country: z.string().nullish(),
      remote: z.boolean().nullish(),
      hybrid: z.boolean().nullish(),
      fullLocation: z.string().nullish(),
    })
    .nullish(),
  typeOfEmployment: z.object({ label: z.string().nullish() }).nullish(),
  experienceLevel: z.object({ label: z.string().nullish() }).nullish(),
  department: z.object({ label: z.string().nullish() }).nullish(),
  function: z.object({ label: z.string().nullish() }).nullish(),
});
type Summary = z.infer<typeof SmartRecruitersSummary>;

const Section = z.object({ title: z.string().nullish(), text: z.string().nullish() }).nullish();

/** `GET /v1/companies/{id}/postings/{postingId}`: the summary plus the job ad. */
export const SmartRecruitersDetail = SmartRecruitersSummary.extend({
  postingUrl: z.string().nullish(),
  applyUrl: z.string().nullish(),
  jobAd: z.object({
    sections: z.object({
      companyDescription: Section,
      jobDescription: Section,
      qualifications: Section,
      additionalInformation: Section,
    }),
  }),
});
type Detail = z.infer<typeof SmartRecruitersDetail>;

const Page = z.object({
  totalFound: z.number().int(),
  content: z.array(z.unknown()),
});

function locationText(summary: Summary): string[] {
  const location = summary.location;
  if (!location) return [];
  const text =
    location.fullLocation ??
    [location.city, location.region, location.country].filter(Boolean).join(', ');
  return [location.remote ? `${text ? `${text} ` : ''}(Remote)` : text].filter(Boolean);
}

export function smartRecruitersPosting(detail: Detail, company: string): SourcePosting {
  const sections = detail.jobAd.sections;
  const html = [
    sections.companyDescription,
    sections.jobDescription,
    sections.qualifications,
    sections.additionalInformation,
  ]
    .filter((section) => section?.text)
    .map((section) => `${section?.title ? `<h2>${section.title}</h2>` : ''}${section?.text ?? ''}`)
    .join('');
  const location = detail.location;
  return {
    source: 'smartrecruiters',
    tenant: company,
    nativeId: detail.id,
    title: detail.name,
    company: detail.company?.name ?? null,
    locations: locationText(detail),
    countryHints: location?.country ? [location.country] : [],
    workplace: location?.remote ? 'remote' : location?.hybrid ? 'hybrid' : null,
    employmentLabels: [detail.typeOfEmployment?.label],
    seniorityLabels: [detail.experienceLevel?.label],
    tags: [detail.department?.label, detail.function?.label].filter((tag): tag is string => !!tag),
    url: detail.postingUrl ?? `https://jobs.smartrecruiters.com/${company}/${detail.id}`,
    applyUrl: detail.applyUrl ?? null,
    publishedAt: timeOf(detail.releasedDate),
    descriptionHtml: html || null,
  };
}

/** A listed summary: unchanged (no detail call), its posting from the detail, or a dead letter. */
async function item(
  element: unknown,
  company: string,
  config: SourceConfig,
  http: SourceHttp,
  context: ListingContext,
): Promise<ListedItem> {
  const summary = SmartRecruitersSummary.safeParse(element);
  if (!summary.success) {
    return {
      kind: 'bad',
      nativeId: fieldOf(element, 'id'),
      reason: 'schema_drift',
      detail: describeElementIssues(summary.error),
      raw: JSON.stringify(element),
    };
  }
  const id = summary.data.id;
  const listingHash = contentHash(element);
  const known = context.known(id);
  const fresh =
    known !== undefined &&
    known.listingHash === listingHash &&
    context.now() - known.checkedAt < config.detailRefreshHours * 3_600_000;
  if (fresh) return { kind: 'unchanged', nativeId: id, listingHash };
  const url = urlOf(
    config.baseUrl,
    `/v1/companies/${encodeURIComponent(company)}/postings/${encodeURIComponent(id)}`,
  );
  const result = await http.getJson(url, context.signal);
  if (result.kind !== 'json') {
    return {
      kind: 'bad',
      nativeId: id,
      reason: result.kind === 'challenge' ? 'challenge_page' : 'malformed_json',
      detail: `detail ${url}: ${failedEnd(result, 'detail').reason ?? result.kind}`,
      raw: 'excerpt' in result ? result.excerpt : JSON.stringify(element),
    };
  }
  return parseElement(
    SmartRecruitersDetail,
    result.body,
    () => id,
    (detail) => smartRecruitersPosting(detail, company),
    listingHash,
  );
}

/**
 * SmartRecruiters: `GET /v1/companies/{id}/postings?offset=&limit=` (limit ≤ 100) lists summaries;
 * the description is only in `/postings/{id}`, read for new postings, changed summaries, and at
 * least every `detailRefreshHours`. A company SmartRecruiters does not know answers an empty list.
 */
export function smartRecruitersAdapter(config: SourceConfig): SourceAdapter {
  const limit = Math.min(SMARTRECRUITERS_MAX_LIMIT, config.pageSize ?? SMARTRECRUITERS_MAX_LIMIT);
  return {
    source: 'smartrecruiters',
    closeAfterMisses: 2,
    tenants: () => Promise.resolve(config.tenants),
    async *listing(tenant, http, context): Listing {
      const company = tenant ?? '';
      const ids = new Set<string>();
      for (let page = 0; page < config.maxPages; page++) {
        const url = urlOf(config.baseUrl, `/v1/companies/${encodeURIComponent(company)}/postings`, {
          offset: page * limit,
          limit,
        });
        const result = await http.getJson(url, context.signal);
        if (result.kind === 'challenge' || result.kind === 'malformed') {
          yield badPage(result);
          return failedEnd(result, `company ${company} page ${page + 1}`);
        }
        const parsed = result.kind === 'json' ? Page.safeParse(result.body) : undefined;
        if (!parsed?.success) return failedEnd(result, `company ${company} page ${page + 1}`);
        const items: ListedItem[] = [];
        for (const element of parsed.data.content) {
          if (context.signal.aborted) break;
          const listed = await item(element, company, config, http, context);
          const id = listed.kind === 'posting' ? listed.posting.nativeId : listed.nativeId;
          if (id) ids.add(id);
          items.push(listed);
        }
        yield { location: url, items };
        if (context.signal.aborted) return { complete: false, reason: 'stopped' };
        const { totalFound, content } = parsed.data;
        if (content.length < limit || (page + 1) * limit >= totalFound) {
          return ids.size === totalFound
            ? { complete: true, reason: null }
            : {
                complete: false,
                reason: `company ${company}: ${ids.size} of ${totalFound} postings`,
              };
        }
      }
      return { complete: false, reason: `company ${company}: more than ${config.maxPages} pages` };
    },
  };
}
