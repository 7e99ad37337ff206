import { cultureHtml, paragraphsHtml, sectionHtml } from '../content/description';
import { escapeHtml, escapeHtmlForGreenhouse } from '../content/html';
import { joinedLocationLabel } from '../content/location';
import { cityLabel } from '../content/places';
import { structuredRange } from '../content/salary';
import { isoWithOffset } from '../format';
import { hashKey, pick, randomForKey } from '../random';
import type { JobsWorld, PostingState } from '../world';
import { jsonResponse, segments, type RenderedPosting, type SourceHandler } from './types';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { round } = Math;

const OFFSETS = [-8, -7, -5, -4, 0, 1, 2];

const EMPLOYMENT_LABELS = {
  'full-time': 'Full-time',
  'part-time': 'Part-time',
  contract: 'Contractor',
  internship: 'Intern',
  temporary: 'Temporary',
} as const;

function money(value: number, currency: string): string {
  const symbol =
    currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : '';
  const digits = String(round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${symbol}${digits}${symbol ? '' : ` ${currency}`}`;
}

/** Greenhouse's pay-transparency block, which boards append to `content`. */
function payTransparency(posting: PostingState): string {
  const { salary, location } = posting.content;
  if (!salary) return '';
  const { min, max } = structuredRange(salary);
  const office = location.offices[0];
  const title = office ? `${office.city} Pay Range` : 'Pay Range';
  return `<div class="content-pay-transparency"><div class="pay-input"><div class="title">${escapeHtml(title)}</div><div class="pay-range"><span>${money(min, salary.currency)}</span><span class="divider">&mdash;</span><span>${money(max, salary.currency)} ${salary.currency}</span></div></div></div>`;
}

/** The job's HTML before Greenhouse escapes it. */
export function greenhouseContentHtml(posting: PostingState): string {
  const doc = posting.content.description;
  return [
    `<div class="content-intro">${paragraphsHtml(doc.about)}</div>`,
    paragraphsHtml(doc.role),
    doc.sections.map(sectionHtml).join(''),
    cultureHtml(doc),
    doc.compensation ? `<p>${doc.compensation}</p>` : '',
    payTransparency(posting),
    `<div class="content-conclusion">${paragraphsHtml(doc.closing)}</div>`,
  ].join('');
}

/** One element of `jobs[]` from `GET /v1/boards/{token}/jobs[?content=true]`. */
export function greenhouseJob(
  posting: PostingState,
  token: string,
  withContent: boolean,
): Record<string, unknown> {
  const { content } = posting;
  const offset = OFFSETS[hashKey('gh-offset', token) % OFFSETS.length] ?? 0;
  const random = randomForKey(posting.slot.key, 'greenhouse');
  const id = Number(posting.id);
  const metadata: { id: number; name: string; value: string | null; value_type: string }[] = [
    {
      id: 4_000_000 + (hashKey(token, 'employment') % 100_000),
      name: 'Employment Type',
      value: EMPLOYMENT_LABELS[content.employmentType],
      value_type: 'single_select',
    },
  ];
  if (content.salaryText && random() < 0.4) {
    metadata.push({
      id: 4_100_000 + (hashKey(token, 'salary') % 100_000),
      name: 'Salary Range',
      value: content.salaryText,
      value_type: 'short_text',
    });
  }
  const job: Record<string, unknown> = {
    absolute_url: `https://job-boards.greenhouse.io/${token}/jobs/${posting.id}`,
    data_compliance: [
      {
        type: 'gdpr',
        requires_consent: false,
        requires_processing_consent: false,
        requires_retention_consent: false,
        retention_period: null,
        demographic_data_consent_applies: false,
      },
    ],
    internal_job_id: 3_000_000 + (id % 7_000_000),
    location: { name: joinedLocationLabel(content.location) },
    metadata: random() < 0.3 ? null : metadata,
    id,
    updated_at: isoWithOffset(posting.updatedAt, offset),
    requisition_id: pick(random, [
      `REQ-${id % 100_000}`,
      `R${id % 1_000_000}`,
      null,
      'See Opening ID',
    ]),
    title: content.title,
    company_name: content.company.name,
    first_published: isoWithOffset(posting.openedAt, offset),
    language: 'en',
  };
  if (withContent) {
    job.content = escapeHtmlForGreenhouse(greenhouseContentHtml(posting));
    job.departments = [
      {
        id: 10_000 + (hashKey(token, content.department) % 90_000),
        name: content.department,
        child_ids: [],
        parent_id: null,
      },
    ];
    job.offices = content.location.offices.map((office) => ({
      id: 50_000 + (hashKey(token, office.city) % 50_000),
      name: office.city,
      location: cityLabel(office),
      child_ids: [],
      parent_id: null,
    }));
  }
  return job;
}

function render(
  world: JobsWorld,
  token: string,
  at: number,
  withContent: boolean,
): RenderedPosting[] {
  return world.openPostings('greenhouse', token, at).map((posting) => ({
    object: greenhouseJob(posting, token, withContent),
    tenant: token,
    id: posting.id,
  }));
}

const NOT_FOUND = { status: 404, error: 'Job not found' };

/** `/v1/boards/{token}/jobs` and `/v1/boards/{token}/jobs/{id}`. */
export const handleGreenhouse: SourceHandler = (world, request) => {
  const parts = segments(request.path);
  if (parts[0] !== 'v1' || parts[1] !== 'boards' || parts[3] !== 'jobs' || parts.length > 5) {
    return jsonResponse(404, NOT_FOUND, null);
  }
  const token = parts[2] ?? '';
  if (!world.boardExists('greenhouse', token)) return jsonResponse(404, NOT_FOUND, token);
  const withContent = request.query.get('content') === 'true';
  const postings = render(world, token, request.at, withContent || parts.length === 5);
  if (parts.length === 5) {
    const one = postings.find((posting) => posting.id === parts[4]);
    return one ? jsonResponse(200, one.object, token, [one]) : jsonResponse(404, NOT_FOUND, token);
  }
  return jsonResponse(
    200,
    { jobs: postings.map((posting) => posting.object), meta: { total: postings.length } },
    token,
    postings,
  );
};
