import { slugify } from '../content/companies';
import { descriptionHtml } from '../content/description';
import { feedRegionLabel } from '../content/location';
import { annualUsd, structuredRange } from '../content/salary';
import { TECHNOLOGIES } from '../content/technologies';
import { isoSecondsUtcOffset, unixSeconds } from '../format';
import { FEED_TENANT } from '../sources';
import type { PostingState } from '../world';
import { jsonResponse, segments, type RenderedPosting, type SourceHandler } from './types';

export const REMOTEOK_LEGAL_NOTICE =
  "API Terms of Service: Please link back (with follow, and without nofollow!) to the URL on Remote OK and mention Remote OK as a source, so we get traffic back from your site. If you do not we'll have to suspend API access.";

const LOCATION_LABELS: Readonly<Record<string, string>> = {
  USA: 'United States',
  'USA, Canada': 'North America',
  Europe: 'Europe',
  UK: 'United Kingdom',
  LATAM: 'Latin America',
  Worldwide: 'Worldwide',
  APAC: 'Asia-Pacific',
};

function roundThousand(value: number): number {
  return Math.round(value / 1000) * 1000;
}

/** One job element of `GET /api` (elements after the legal notice). */
export function remoteOkJob(posting: PostingState): Record<string, unknown> {
  const { content } = posting;
  const slug = `remote-${slugify(content.title)}-${content.company.slug}-${posting.id}`;
  const url = `https://remoteOK.com/remote-jobs/${slug}`;
  const salary = content.salary;
  const range = salary ? structuredRange(salary) : null;
  const region = feedRegionLabel(content.location);
  return {
    slug,
    id: posting.id,
    epoch: unixSeconds(posting.openedAt),
    date: isoSecondsUtcOffset(posting.openedAt),
    company: content.company.name,
    company_logo: '',
    position: content.title,
    tags: [
      ...content.technologies.slice(0, 5).map((key) => slugify(TECHNOLOGIES[key].name)),
      slugify(content.family.category),
      content.seniority === 'senior' ? 'senior' : 'dev',
    ],
    logo: '',
    description: descriptionHtml(content.description),
    location: LOCATION_LABELS[region] ?? region,
    // RemoteOK publishes pay as annual US dollars, 0 when the employer gave none.
    salary_min: salary && range ? roundThousand(annualUsd(range.min, salary)) : 0,
    salary_max: salary && range ? roundThousand(annualUsd(range.max, salary)) : 0,
    apply_url: `${url}?ref=apply`,
    url,
  };
}

/** `/api`: an array whose first element is the legal notice. */
export const handleRemoteOk: SourceHandler = (world, request) => {
  if (segments(request.path).join('/') !== 'api')
    return jsonResponse(404, { error: 'Not found' }, null);
  const jobs: RenderedPosting[] = world
    .openPostings('remoteok', FEED_TENANT, request.at)
    .map((posting) => ({ object: remoteOkJob(posting), tenant: FEED_TENANT, id: posting.id }));
  const notice = { last_updated: unixSeconds(request.at), legal: REMOTEOK_LEGAL_NOTICE };
  return jsonResponse(200, [notice, ...jobs.map((job) => job.object)], FEED_TENANT, jobs);
};
