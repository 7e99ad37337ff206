import { slugify } from '../content/companies';
import { cultureHtml, paragraphsHtml, sectionHtml } from '../content/description';
import { CITIES } from '../content/places';
import { isoMillisZ } from '../format';
import { hashKey, pick, randomForKey, uuidFor } from '../random';
import type { JobsWorld, PostingState } from '../world';
import {
  intParam,
  jsonResponse,
  segments,
  type RenderedPosting,
  type SourceHandler,
} from './types';

/** SmartRecruiters refuses pages larger than this. */
export const SMARTRECRUITERS_MAX_LIMIT = 100;

const EMPLOYMENT = {
  'full-time': { id: 'permanent', label: 'Full-time' },
  'part-time': { id: 'part_time', label: 'Part-time' },
  contract: { id: 'contract', label: 'Contract' },
  internship: { id: 'intern', label: 'Intern' },
  temporary: { id: 'temporary', label: 'Temporary' },
} as const;

const LEVELS = {
  intern: { id: 'internship', label: 'Internship' },
  junior: { id: 'entry_level', label: 'Entry Level' },
  mid: { id: 'associate', label: 'Associate' },
  senior: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
  staff: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
  principal: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
  lead: { id: 'mid_senior_level', label: 'Mid-Senior Level' },
  manager: { id: 'director', label: 'Director' },
  director: { id: 'executive', label: 'Executive' },
} as const;

const CREATORS = [
  'Renate Vogel',
  'Samir Haddad',
  'Emily Carter',
  'Kenji Watanabe',
  'Lucía Fernández',
];

function summary(posting: PostingState, company: string, origin: string): Record<string, unknown> {
  const { content } = posting;
  const random = randomForKey(posting.slot.key, 'smartrecruiters');
  const office = content.location.offices[0] ?? CITIES[hashKey(company) % CITIES.length];
  return {
    id: posting.id,
    name: content.title,
    uuid: uuidFor(posting.slot.key, 'sr-uuid'),
    jobAdId: uuidFor(posting.slot.key, 'sr-jobad'),
    defaultJobAd: true,
    refNumber: `REF${Number(posting.id) % 100_000}${pick(random, ['A', 'B', 'K', 'X', 'Y'])}`,
    company: { identifier: company, name: content.company.name },
    releasedDate: isoMillisZ(posting.openedAt),
    location: office
      ? {
          city: office.city,
          region: office.regionCode,
          country: office.countryCode.toLowerCase(),
          remote: content.location.workplace === 'remote',
          hybrid: content.location.workplace === 'hybrid',
          latitude: office.latitude.toFixed(6),
          longitude: office.longitude.toFixed(6),
          fullLocation: [office.city, office.regionCode, office.country]
            .filter((part) => part)
            .join(', '),
        }
      : { remote: true },
    industry: { id: 'computer_software', label: 'Computer Software' },
    department: {
      id: String(hashKey(company, content.department) % 1_000_000),
      label: content.department,
    },
    function: content.family.technical
      ? { id: 'information_technology', label: 'Information Technology' }
      : { id: 'business_development', label: 'Business Development' },
    typeOfEmployment: EMPLOYMENT[content.employmentType],
    experienceLevel: LEVELS[content.seniority],
    customField: [],
    visibility: 'PUBLIC',
    ref: `${origin}/smartrecruiters/v1/companies/${encodeURIComponent(company)}/postings/${posting.id}`,
    creator: { name: pick(random, CREATORS) },
    language: { code: 'en', label: 'English', labelNative: 'English (US)' },
  };
}

/** `GET /v1/companies/{id}/postings/{postingId}`: the summary plus the job ad. */
export function smartRecruitersDetail(
  posting: PostingState,
  company: string,
  origin: string,
): Record<string, unknown> {
  const doc = posting.content.description;
  const postingUrl = `https://jobs.smartrecruiters.com/${company}/${posting.id}-${slugify(posting.content.title)}`;
  const sectionsOf = (...kinds: string[]): string =>
    doc.sections
      .filter((section) => kinds.includes(section.kind))
      .map(sectionHtml)
      .join('');
  return {
    ...summary(posting, company, origin),
    active: true,
    postingUrl,
    applyUrl: `${postingUrl}?oga=true`,
    referralUrl: `${postingUrl}?trid=${uuidFor(posting.slot.key, 'sr-referral')}`,
    jobAd: {
      sections: {
        companyDescription: {
          title: 'Company Description',
          text: paragraphsHtml(doc.about) + cultureHtml(doc),
        },
        jobDescription: {
          title: 'Job Description',
          text: paragraphsHtml(doc.role) + sectionsOf('duties', 'stack', 'process'),
        },
        qualifications: {
          title: 'Qualifications',
          text: sectionsOf('requirements', 'nice'),
        },
        additionalInformation: {
          title: 'Additional Information',
          text:
            sectionsOf('benefits') +
            (doc.compensation ? `<p>${doc.compensation}</p>` : '') +
            paragraphsHtml(doc.closing),
        },
      },
    },
  };
}

function listPostings(world: JobsWorld, company: string, at: number): PostingState[] {
  // SmartRecruiters answers 200 with an empty list for a company it does not know.
  return world.boardExists('smartrecruiters', company)
    ? world.openPostings('smartrecruiters', company, at)
    : [];
}

/** `/v1/companies/{id}/postings?offset=&limit=` and `/v1/companies/{id}/postings/{postingId}`. */
export const handleSmartRecruiters: SourceHandler = (world, request) => {
  const parts = segments(request.path);
  if (
    parts[0] !== 'v1' ||
    parts[1] !== 'companies' ||
    parts[3] !== 'postings' ||
    parts.length > 5
  ) {
    return jsonResponse(404, { message: 'Not Found' }, null);
  }
  const company = parts[2] ?? '';
  if (parts.length === 5) {
    const id = parts[4] ?? '';
    const slot = world.boardExists('smartrecruiters', company)
      ? world.slotForSmartRecruitersId(company, id)
      : undefined;
    const posting = slot
      ? world.postingAt('smartrecruiters', company, slot, request.at)
      : undefined;
    if (
      !posting ||
      !(posting.openedAt <= request.at && request.at < posting.closesAt) ||
      posting.id !== id
    ) {
      return jsonResponse(404, { message: `Posting with id: ${id} not found` }, company);
    }
    const object = smartRecruitersDetail(posting, company, request.origin);
    return jsonResponse(200, object, company, [{ object, tenant: company, id }]);
  }
  const offset = intParam(request.query, 'offset', 0);
  const limit = intParam(request.query, 'limit', 10);
  if (
    offset === undefined ||
    limit === undefined ||
    limit < 1 ||
    limit > SMARTRECRUITERS_MAX_LIMIT
  ) {
    return jsonResponse(
      400,
      {
        errors: [
          {
            code: 'INVALID_PARAMETER',
            message: `limit must be between 1 and ${SMARTRECRUITERS_MAX_LIMIT}, offset must be non-negative`,
          },
        ],
      },
      company,
    );
  }
  const all = listPostings(world, company, request.at);
  const page: RenderedPosting[] = all.slice(offset, offset + limit).map((posting) => ({
    object: summary(posting, company, request.origin),
    tenant: company,
    id: posting.id,
  }));
  return jsonResponse(
    200,
    { offset, limit, totalFound: all.length, content: page.map((posting) => posting.object) },
    company,
    page,
  );
};
