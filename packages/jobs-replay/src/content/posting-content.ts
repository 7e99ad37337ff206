import {
  chance,
  hashKey,
  intBetween,
  pick,
  randomFor,
  randomForKey,
  sample,
  weighted,
  type Random,
} from '../random';
import { companyFor, displayNameFor, FEED_COMPANIES, type Company } from './companies';
import { buildDescription, type DescriptionDoc } from './description';
import { escapeHtml } from './html';
import { primaryLocationLabel, type PostingLocation, type Workplace } from './location';
import { CITIES, REMOTE_REGIONS, type City } from './places';
import { ROLE_FAMILIES, type EmploymentType, type RoleFamily, type Seniority } from './roles';
import { formatSalaryText, generateSalary, type Salary, type SalaryPeriod } from './salary';
import type { TechnologyKey } from './technologies';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { floor, max, min, round } = Math;

/** What kind of feed a posting lives on, which shapes its company, location and pay. */
export type ContentStyle = 'ats' | 'remote-feed' | 'german-feed';

export interface ContentOptions {
  style: ContentStyle;
  /** For ATS boards: the board token, whose company every posting belongs to. */
  tenant?: string;
  /** Share of postings that state pay. */
  salaryRate: number;
  /** Description size range in bytes of HTML. */
  descriptionBytes: readonly [number, number];
}

export const EDIT_KINDS = ['title', 'description', 'salary', 'location'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** A posting's content at one version. */
export interface PostingContent {
  key: string;
  company: Company;
  family: RoleFamily;
  seniority: Seniority;
  title: string;
  department: string;
  team: string;
  employmentType: EmploymentType;
  location: PostingLocation;
  salary: Salary | null;
  /** The salary as the posting's free text would print it ("€60k–80k"), null without pay. */
  salaryText: string | null;
  technologies: readonly TechnologyKey[];
  description: DescriptionDoc;
  /** The edits applied to reach this version, oldest first. */
  edits: readonly EditKind[];
}

const SENIORITY_WEIGHTS: readonly (readonly [Seniority, number])[] = [
  ['intern', 3],
  ['junior', 8],
  ['mid', 30],
  ['senior', 32],
  ['staff', 9],
  ['principal', 3],
  ['lead', 6],
  ['manager', 6],
  ['director', 3],
];

const PAY_MULTIPLIER: Readonly<Record<Seniority, number>> = {
  intern: 0.4,
  junior: 0.7,
  mid: 1,
  senior: 1.25,
  staff: 1.5,
  principal: 1.75,
  lead: 1.35,
  manager: 1.45,
  director: 1.8,
};

function titleFor(random: Random, family: RoleFamily, seniority: Seniority, team: string): string {
  const stem = pick(random, family.titles);
  switch (seniority) {
    case 'intern':
      return pick(random, [`${stem} Intern`, `${stem} Intern (Summer 2026)`, `Intern, ${stem}`]);
    case 'junior':
      return pick(random, [`Junior ${stem}`, `${stem} I`, `Associate ${stem}`]);
    case 'mid':
      return pick(random, [stem, stem, `${stem} II`, `${stem}, ${team}`]);
    case 'senior':
      return pick(random, [
        `Senior ${stem}`,
        `Senior ${stem}`,
        `Sr. ${stem}`,
        `Senior ${stem}, ${team}`,
      ]);
    case 'staff':
      return pick(random, [`Staff ${stem}`, `Staff ${stem} - ${team}`]);
    case 'principal':
      return `Principal ${stem}`;
    case 'lead':
      return pick(random, [`Lead ${stem}`, `${stem} Lead`, `Tech Lead, ${team}`]);
    case 'manager':
      return family.technical
        ? pick(random, [`Engineering Manager, ${team}`, `Manager, ${team}`])
        : `${stem} Manager`;
    case 'director':
      return pick(random, [`Director of ${family.department}`, `Director, ${team}`]);
  }
}

function employmentTypeFor(random: Random, seniority: Seniority): EmploymentType {
  if (seniority === 'intern') return 'internship';
  return weighted<EmploymentType>(random, [
    ['full-time', 86],
    ['contract', 8],
    ['part-time', 4],
    ['temporary', 2],
  ]);
}

function periodFor(random: Random, type: EmploymentType, currency: string): SalaryPeriod {
  if (type === 'contract') return chance(random, currency === 'USD' ? 0.75 : 0.45) ? 'hour' : 'day';
  if (type === 'internship') return chance(random, 0.6) ? 'hour' : 'month';
  if (type === 'part-time') return 'hour';
  if (currency === 'PLN' || currency === 'BRL' || currency === 'MXN') {
    return chance(random, 0.6) ? 'month' : 'year';
  }
  return 'year';
}

interface Board {
  company: Company;
  offices: City[];
}

const boardCache = new Map<string, Board>();

/** A tenant's company and offices: the same token always describes the same employer. */
function boardFor(tenant: string): Board {
  const cached = boardCache.get(tenant);
  if (cached) return cached;
  const random = randomFor(hashKey('board', tenant));
  const home = pick(random, CITIES);
  const others = sample(
    random,
    CITIES.filter((city) => city !== home),
    intBetween(random, 0, 4),
  );
  const board = { company: companyFor(displayNameFor(tenant)), offices: [home, ...others] };
  if (boardCache.size > 10_000) boardCache.clear();
  boardCache.set(tenant, board);
  return board;
}

const GERMAN_CITIES = CITIES.filter((city) => city.countryCode === 'DE');
const EUROPEAN_CITIES = CITIES.filter((city) =>
  ['AT', 'NL', 'FR', 'ES', 'PT', 'PL', 'CZ', 'DK', 'SE', 'IE', 'CH'].includes(city.countryCode),
);

function locationFor(
  random: Random,
  options: ContentOptions,
  board: Board | null,
): PostingLocation {
  const variant = floor(random() * 12);
  if (options.style === 'remote-feed') {
    const remote = weighted(
      random,
      REMOTE_REGIONS.map(
        (region) => [region, region.key === 'world' || region.key === 'us' ? 4 : 1] as const,
      ),
    );
    return { workplace: 'remote', offices: [], remote, variant };
  }
  if (options.style === 'german-feed') {
    const pool = chance(random, 0.8) ? GERMAN_CITIES : EUROPEAN_CITIES;
    const workplace = weighted<Workplace>(random, [
      ['onsite', 50],
      ['hybrid', 25],
      ['remote', 25],
    ]);
    return {
      workplace,
      offices: [pick(random, pool)],
      remote: workplace === 'remote' ? (REMOTE_REGIONS.find((r) => r.key === 'eu') ?? null) : null,
      variant,
    };
  }
  const offices = board?.offices ?? [pick(random, CITIES)];
  const workplace = weighted<Workplace>(random, [
    ['onsite', 35],
    ['hybrid', 30],
    ['remote', 35],
  ]);
  const count = chance(random, 0.2) ? intBetween(random, 2, min(3, offices.length)) : 1;
  const chosen = sample(random, offices, count);
  if (workplace !== 'remote') return { workplace, offices: chosen, remote: null, variant };
  const home = chosen[0] ?? offices[0];
  const region =
    // The first region listing the home country: "us" before "na", so Canada alone lands in "na".
    REMOTE_REGIONS.find((candidate) =>
      home ? candidate.countries.includes(home.country) : false,
    ) ?? pick(random, REMOTE_REGIONS);
  // Some remote roles still name an anchor office ("Remote (US) or New York").
  return { workplace, offices: chance(random, 0.3) ? chosen : [], remote: region, variant };
}

function currencyOf(location: PostingLocation): { currency: string; payFactor: number } {
  const office = location.offices[0];
  if (location.workplace === 'remote' && location.remote) {
    return { currency: location.remote.currency, payFactor: location.remote.payFactor };
  }
  return office
    ? { currency: office.currency, payFactor: office.payFactor }
    : { currency: 'USD', payFactor: 1 };
}

function salaryFor(
  random: Random,
  draft: Omit<PostingContent, 'salary' | 'salaryText' | 'description' | 'edits'>,
): Salary {
  const { currency, payFactor } = currencyOf(draft.location);
  const annualUsd =
    draft.family.basePay * PAY_MULTIPLIER[draft.seniority] * payFactor * (0.85 + random() * 0.3);
  return generateSalary(
    random,
    annualUsd,
    currency,
    periodFor(random, draft.employmentType, currency),
  );
}

interface Draft {
  content: Omit<PostingContent, 'description' | 'salaryText' | 'edits'>;
  descriptionBytes: number;
  payInText: boolean;
}

/** Version 1 of a posting, before any edit. */
function draftFor(key: string, options: ContentOptions): Draft {
  const random = randomForKey(key, 'draft');
  const board = options.style === 'ats' ? boardFor(options.tenant ?? 'company') : null;
  const company = board?.company ?? companyFor(pick(random, FEED_COMPANIES));
  const family = weighted(
    random,
    ROLE_FAMILIES.map((candidate) => [candidate, candidate.technical ? 5 : 1] as const),
  );
  const seniority = weighted(random, SENIORITY_WEIGHTS);
  const team = pick(random, family.teams);
  const technologies = sample(
    random,
    family.technologies,
    intBetween(random, min(4, family.technologies.length), min(10, family.technologies.length)),
  );
  const employmentType = employmentTypeFor(random, seniority);
  const location = locationFor(random, options, board);
  const base = {
    key,
    company,
    family,
    seniority,
    title: titleFor(random, family, seniority, team),
    department: family.department,
    team,
    employmentType,
    location,
    technologies,
  };
  const salary = chance(random, options.salaryRate) ? salaryFor(random, base) : null;
  const [low, high] = options.descriptionBytes;
  return {
    content: { ...base, salary },
    descriptionBytes: intBetween(random, low, max(low, high)),
    payInText: chance(random, 0.7),
  };
}

const TITLE_SUFFIXES = [
  ' (Remote)',
  ' - Platform',
  ', Infrastructure',
  ' (m/w/d)',
  ' - New Team',
  ' (Contract)',
];

function editTitle(random: Random, title: string): string {
  if (title.startsWith('Senior ')) return title.replace('Senior ', 'Sr. ');
  if (title.startsWith('Sr. ')) return title.replace('Sr. ', 'Senior ');
  const suffix = pick(random, TITLE_SUFFIXES);
  return title.endsWith(suffix) ? title.slice(0, -suffix.length) : `${title}${suffix}`;
}

function editSalary(random: Random, content: Draft['content']): Salary | null {
  if (!content.salary) return salaryFor(random, content);
  if (chance(random, 0.1)) return null;
  const factor = 1.03 + random() * 0.12;
  const step = content.salary.period === 'hour' ? 5 : content.salary.period === 'day' ? 50 : 1000;
  return {
    ...content.salary,
    min: round((content.salary.min * factor) / step) * step,
    max: round((content.salary.max * (factor + 0.02)) / step) * step,
  };
}

function editLocation(random: Random, location: PostingLocation): PostingLocation {
  if (location.workplace === 'hybrid') {
    const region = REMOTE_REGIONS.find((candidate) =>
      location.offices[0] ? candidate.countries.includes(location.offices[0].country) : false,
    );
    return { ...location, workplace: 'remote', remote: region ?? pick(random, REMOTE_REGIONS) };
  }
  const extra = pick(random, CITIES);
  if (location.offices.includes(extra)) return { ...location, variant: location.variant + 1 };
  return { ...location, offices: [...location.offices, extra] };
}

/** Which edit the n-th change of a posting is. */
export function editKindFor(key: string, edit: number): EditKind {
  return weighted(randomForKey(key, 'edit-kind', edit), [
    ['description', 35],
    ['title', 20],
    ['salary', 25],
    ['location', 20],
  ]);
}

/** The posting at `version` (1 = as first published). */
export function postingContent(
  key: string,
  options: ContentOptions,
  version: number,
): PostingContent {
  const draft = draftFor(key, options);
  const content = { ...draft.content };
  const edits: EditKind[] = [];
  let descriptionEdits = 0;
  let salaryEdits = 0;
  for (let edit = 1; edit < version; edit++) {
    const kind = editKindFor(key, edit);
    const random = randomForKey(key, 'edit', edit);
    edits.push(kind);
    if (kind === 'title') content.title = editTitle(random, content.title);
    else if (kind === 'salary') {
      content.salary = editSalary(random, content);
      salaryEdits += 1;
    } else if (kind === 'location') content.location = editLocation(random, content.location);
    else descriptionEdits += 1;
  }
  const salaryText = content.salary
    ? formatSalaryText(content.salary, randomForKey(key, 'salary-text', salaryEdits))
    : null;
  const description = buildDescription({
    key,
    company: content.company,
    title: content.title,
    family: content.family,
    team: content.team,
    technologies: content.technologies,
    locationLabel: primaryLocationLabel(content.location),
    compensation:
      salaryText && draft.payInText
        ? `${pick(randomForKey(key, 'pay-sentence'), [
            'The base salary range for this role is',
            'Compensation:',
            'Salary range:',
            'We offer',
          ])} ${escapeHtml(salaryText)}${salaryText.endsWith('.') ? '' : '.'}`
        : null,
    targetBytes: draft.descriptionBytes,
    edits: descriptionEdits,
  });
  return { ...content, salaryText, description, edits };
}
