import { cultureHtml, paragraphsHtml } from '../content/description';
import { escapeHtml, htmlToPlain } from '../content/html';
import { allLocationLabels, primaryLocationLabel } from '../content/location';
import { structuredRange, type SalaryPeriod } from '../content/salary';
import { pick, randomForKey } from '../random';
import type { PostingState } from '../world';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceHandler,
} from './types';

const COMMITMENTS = {
  'full-time': 'Full-time',
  'part-time': 'Part-time',
  contract: 'Contract',
  internship: 'Intern',
  temporary: 'Temporary',
} as const;

const INTERVALS: Readonly<Record<SalaryPeriod, string>> = {
  year: 'per-year-salary',
  month: 'per-month-salary',
  day: 'per-day-wage',
  hour: 'per-hour-wage',
};

const WORKPLACE = { onsite: 'on-site', hybrid: 'hybrid', remote: 'remote' } as const;

const TRACKING = [
  '?lever-source=LinkedIn',
  '?lever-source=Indeed',
  '?lever-origin=applied&lever-source%5B%5D=Glassdoor',
];

/** One element of `GET /v0/postings/{site}?mode=json`. */
export function leverPosting(posting: PostingState, site: string): Record<string, unknown> {
  const { content } = posting;
  const doc = content.description;
  const random = randomForKey(posting.slot.key, 'lever');
  const description = `<div>${paragraphsHtml([...doc.about, ...doc.role])}${cultureHtml(doc)}</div>`;
  const additional = `<div>${paragraphsHtml([...(doc.compensation ? [doc.compensation] : []), ...doc.closing])}</div>`;
  const hostedUrl = `https://jobs.lever.co/${site}/${posting.id}`;
  const object: Record<string, unknown> = {
    additional,
    additionalPlain: htmlToPlain(additional),
    categories: {
      commitment: COMMITMENTS[content.employmentType],
      department: content.department,
      location: primaryLocationLabel(content.location),
      team: content.team,
      allLocations: allLocationLabels(content.location),
    },
    createdAt: posting.openedAt,
    descriptionPlain: htmlToPlain(description),
    description,
    id: posting.id,
    lists: doc.sections.map((section) => ({
      text: section.heading,
      content: section.items.map((item) => `<li>${item}</li>`).join(''),
    })),
    text: content.title,
    country:
      content.location.offices[0]?.countryCode ??
      (content.location.remote?.key === 'uk' ? 'GB' : 'US'),
    workplaceType: random() < 0.1 ? 'unspecified' : WORKPLACE[content.location.workplace],
    hostedUrl: random() < 0.2 ? `${hostedUrl}${pick(random, TRACKING)}` : hostedUrl,
    applyUrl: `${hostedUrl}/apply`,
  };
  if (content.salary) {
    const { min, max } = structuredRange(content.salary);
    object.salaryRange = {
      currency: content.salary.currency,
      interval: INTERVALS[content.salary.period],
      min,
      max,
    };
    if (content.salaryText && random() < 0.5) {
      const html = `<div>${escapeHtml(content.salaryText)}</div>`;
      object.salaryDescription = html;
      object.salaryDescriptionPlain = content.salaryText;
    }
  }
  return object;
}

const NOT_FOUND = { ok: false, error: 'Document not found' };

/** `/v0/postings/{site}?mode=json&skip=&limit=` and `/v0/postings/{site}/{id}`. */
export const handleLever: SourceHandler = (world, request) => {
  const parts = segments(request.path);
  if (parts[0] !== 'v0' || parts[1] !== 'postings' || parts.length < 3 || parts.length > 4) {
    return jsonResponse(404, NOT_FOUND, null);
  }
  const site = parts[2] ?? '';
  const mode = request.query.get('mode');
  if (mode !== null && mode !== 'json') {
    return jsonResponse(400, { ok: false, error: `Unsupported mode: ${mode}` }, site);
  }
  if (!world.boardExists('lever', site)) return jsonResponse(404, NOT_FOUND, site);
  const all: RenderedPosting[] = world.openPostings('lever', site, request.at).map((posting) => ({
    object: leverPosting(posting, site),
    tenant: site,
    id: posting.id,
  }));
  if (parts.length === 4) {
    const one = all.find((posting) => posting.id === parts[3]);
    return one ? jsonResponse(200, one.object, site, [one]) : jsonResponse(404, NOT_FOUND, site);
  }
  const skip = intParam(request.query, 'skip', 0);
  const limit = intParam(request.query, 'limit', all.length);
  if (skip === undefined || limit === undefined) {
    return jsonResponse(
      400,
      { ok: false, error: 'skip and limit must be non-negative integers' },
      site,
    );
  }
  const page = all.slice(skip, skip + limit);
  return jsonResponse(
    200,
    page.map((posting) => posting.object),
    site,
    page,
  );
};
