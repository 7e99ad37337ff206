import { descriptionHtml } from '../content/description';
import { htmlToPlain } from '../content/html';
import { cityLabel, type City } from '../content/places';
import { primaryLocationLabel } from '../content/location';
import { structuredRange, type Salary, type SalaryPeriod } from '../content/salary';
import { isoMillisUtcOffset } from '../format';
import { uuidFor } from '../random';
import type { PostingState } from '../world';
import { jsonResponse, segments, type RenderedPosting, type SourceHandler } from './types';

const EMPLOYMENT = {
  'full-time': 'FullTime',
  'part-time': 'PartTime',
  contract: 'Contract',
  internship: 'Intern',
  temporary: 'Temporary',
} as const;

const WORKPLACE = { onsite: 'OnSite', hybrid: 'Hybrid', remote: 'Remote' } as const;

const INTERVAL: Readonly<Record<SalaryPeriod, string>> = {
  year: '1 YEAR',
  month: '1 MONTH',
  day: '1 DAY',
  hour: '1 HOUR',
};

const SYMBOL: Readonly<Record<string, string>> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  CAD: 'CA$',
  AUD: 'A$',
};

function amount(value: number, currency: string, period: SalaryPeriod): string {
  const symbol = SYMBOL[currency] ?? `${currency} `;
  if (period === 'hour' || period === 'day') return `${symbol}${value}`;
  const k = value / 1000;
  return `${symbol}${Number.isInteger(k) ? k : k.toFixed(1)}K`;
}

function address(office: City): Record<string, string> {
  return {
    addressLocality: office.city,
    addressRegion: office.region,
    addressCountry: office.country,
  };
}

/** Ashby's `compensation` object (only with `includeCompensation=true`). */
export function ashbyCompensation(posting: PostingState): Record<string, unknown> {
  const salary: Salary | null = posting.content.salary;
  if (!salary) {
    return {
      compensationTierSummary: null,
      scrapeableCompensationSalarySummary: null,
      compensationTiers: [],
      summaryComponents: [],
    };
  }
  const { min, max } = structuredRange(salary);
  const range = `${amount(salary.min, salary.currency, salary.period)} – ${amount(salary.max, salary.currency, salary.period)}`;
  const perPeriod = salary.period === 'year' ? '' : ` per ${salary.period}`;
  const salaryComponent = {
    id: uuidFor(posting.slot.key, 'salary-component'),
    summary: `${range}${perPeriod}`,
    compensationType: 'Salary',
    interval: INTERVAL[salary.period],
    currencyCode: salary.currency,
    minValue: min,
    maxValue: max,
  };
  const components: Record<string, unknown>[] = [salaryComponent];
  if (salary.equity) {
    components.push({
      id: uuidFor(posting.slot.key, 'equity-component'),
      summary: '0.01% – 0.1%',
      compensationType: 'EquityPercentage',
      interval: 'NONE',
      currencyCode: null,
      minValue: 0.01,
      maxValue: 0.1,
    });
  }
  const summary = `${range}${perPeriod}${salary.equity ? ' • Offers Equity' : ''}`;
  return {
    compensationTierSummary: summary,
    scrapeableCompensationSalarySummary: `${range.replace(' – ', ' - ')}${perPeriod}`,
    compensationTiers: [
      {
        id: uuidFor(posting.slot.key, 'tier'),
        tierSummary: summary,
        title: posting.content.location.offices[0]
          ? `${posting.content.location.offices[0].city}`
          : 'Zone A',
        additionalInformation: null,
        components,
      },
    ],
    summaryComponents: components,
  };
}

/** One element of `jobs[]` from `GET /posting-api/job-board/{name}`. */
export function ashbyJob(
  posting: PostingState,
  board: string,
  withCompensation: boolean,
): Record<string, unknown> {
  const { content } = posting;
  const html = descriptionHtml(content.description);
  const [primary, ...secondary] = content.location.offices;
  const jobUrl = `https://jobs.ashbyhq.com/${board}/${posting.id}`;
  const job: Record<string, unknown> = {
    id: posting.id,
    title: content.title,
    department: content.department,
    team: content.team,
    employmentType: EMPLOYMENT[content.employmentType],
    location: primaryLocationLabel(content.location),
    secondaryLocations: (content.location.workplace === 'remote'
      ? content.location.offices
      : secondary
    ).map((office) => ({ location: cityLabel(office), address: address(office) })),
    publishedAt: isoMillisUtcOffset(posting.openedAt),
    isListed: true,
    isRemote: content.location.workplace === 'remote',
    workplaceType: WORKPLACE[content.location.workplace],
    address: primary ? { postalAddress: address(primary) } : null,
    jobUrl,
    applyUrl: `${jobUrl}/application`,
    descriptionHtml: html,
    descriptionPlain: htmlToPlain(html),
    shouldDisplayCompensationOnJobPostings: content.salary !== null,
  };
  if (withCompensation) job.compensation = ashbyCompensation(posting);
  return job;
}

/** `/posting-api/job-board/{name}?includeCompensation=true`. */
export const handleAshby: SourceHandler = (world, request) => {
  const parts = segments(request.path);
  if (parts[0] !== 'posting-api' || parts[1] !== 'job-board' || parts.length !== 3) {
    return {
      status: 404,
      text: 'Not Found',
      contentType: 'text/plain',
      tenant: null,
      postings: [],
    };
  }
  const board = parts[2] ?? '';
  if (!world.boardExists('ashby', board)) {
    return {
      status: 404,
      text: 'Not Found',
      contentType: 'text/plain',
      tenant: board,
      postings: [],
    };
  }
  const withCompensation = request.query.get('includeCompensation') === 'true';
  const postings: RenderedPosting[] = world
    .openPostings('ashby', board, request.at)
    .map((posting) => ({
      object: ashbyJob(posting, board, withCompensation),
      tenant: board,
      id: posting.id,
    }));
  return jsonResponse(
    200,
    { apiVersion: '1', jobs: postings.map((posting) => posting.object) },
    board,
    postings,
  );
};
