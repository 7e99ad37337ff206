import { slugify } from '../content/companies';
import { allLocationLabels, type PostingLocation } from '../content/location';
import type { PostingContent } from '../content/posting-content';
import { formatSalaryText } from '../content/salary';
import { TECHNOLOGIES } from '../content/technologies';
import { chance, intBetween, pick, sample, type Random } from '../random';

/**
 * HN's own escaping, as the HN Search API returns `comment_text`: paragraphs separated by `<p>`
 * (never closed), and `/`, `'`, `"` as hex entities.
 */
export function hnEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/\//g, '&#x2F;');
}

export function hnLink(url: string): string {
  const escaped = hnEscape(url);
  return `<a href="${escaped}" rel="nofollow">${escaped}</a>`;
}

/** What a job comment says, for the truth: a collector's parser should find exactly this. */
export interface HnJobTruth {
  company: string;
  roles: { title: string; location: string; remote: boolean; salary: string | null }[];
  url: string | null;
}

const REGION_TOKENS: Readonly<Record<string, string>> = {
  us: 'US',
  na: 'US/Canada',
  eu: 'EU',
  uk: 'UK',
  latam: 'LATAM',
  apac: 'APAC',
};

function locationToken(
  random: Random,
  location: PostingLocation,
): { text: string; remote: boolean } {
  const office = location.offices[0];
  const place = office
    ? office.countryCode === 'US'
      ? `${office.city}, ${office.regionCode}`
      : `${office.city}, ${office.country}`
    : null;
  if (location.workplace === 'remote') {
    const region = location.remote?.key ?? 'world';
    const remote =
      region === 'world'
        ? pick(random, ['REMOTE', 'Remote', 'REMOTE (Worldwide)', 'Fully remote'])
        : `REMOTE (${REGION_TOKENS[region] ?? region.toUpperCase()})`;
    return { text: place && chance(random, 0.4) ? `${place} or ${remote}` : remote, remote: true };
  }
  if (location.workplace === 'hybrid') {
    return {
      text: pick(random, [
        `Hybrid - ${office?.city ?? 'London'}`,
        `${place ?? 'London'} (Hybrid)`,
        `HYBRID ${place ?? ''}`.trim(),
      ]),
      remote: false,
    };
  }
  return {
    text: pick(random, [
      `ONSITE (${place ?? 'New York'})`,
      place ?? 'New York, NY',
      `${place ?? 'New York'}, ONSITE`,
    ]),
    remote: false,
  };
}

const EMPLOYMENT_WORDS = {
  'full-time': ['Full-time', 'Full Time', 'FT', 'Full-time'],
  'part-time': ['Part-time', 'PT'],
  contract: ['Contract', 'Contractor', 'Contract-to-hire'],
  internship: ['Intern', 'Internship'],
  temporary: ['Temporary'],
} as const;

function salaryToken(random: Random, content: PostingContent): string | null {
  if (!content.salary) return null;
  if (
    chance(random, 0.3) &&
    content.salary.period === 'year' &&
    content.salary.currency === 'USD'
  ) {
    // The HN dialect: "$150-180k + equity".
    return `$${Math.round(content.salary.min / 1000)}-${Math.round(content.salary.max / 1000)}k${content.salary.equity ? ' + equity' : ''}`;
  }
  return formatSalaryText(content.salary, random);
}

function techSentence(random: Random, content: PostingContent): string {
  const names = content.technologies.map((key) => TECHNOLOGIES[key].name);
  const chosen = sample(random, names, Math.min(names.length, intBetween(random, 3, 7)));
  const identifiers = content.technologies
    .slice(0, 2)
    .map((key) => pick(random, TECHNOLOGIES[key].identifiers));
  return pick(random, [
    `Stack: ${chosen.join(', ')}.`,
    `Tech: ${chosen.join(' / ')}`,
    `We use ${chosen.slice(0, -1).join(', ')} and ${chosen[chosen.length - 1] ?? 'Postgres'}. If you know why ${identifiers[0] ?? 'VACUUM'} matters, we should talk.`,
    `Our stack is mostly ${chosen.join(', ')} (plus some ${identifiers[1] ?? 'bash'} archaeology).`,
  ]);
}

/** A "Who is hiring?" job comment: the conventional header line and a few paragraphs. */
export function hiringComment(
  random: Random,
  content: PostingContent,
  extraRoles: readonly PostingContent[],
): { html: string; truth: HnJobTruth } {
  const company = content.company.name;
  const url = chance(random, 0.85)
    ? `https://${content.company.domain}/${pick(random, ['careers', 'jobs', 'join'])}`
    : null;
  const location = locationToken(random, content.location);
  const salary = chance(random, 0.75) ? salaryToken(random, content) : null;
  const employment = pick(random, EMPLOYMENT_WORDS[content.employmentType]);
  const separator = pick(random, [' | ', ' | ', ' | ', ' - ', ' &#x2F; ', ' • ', ' || ']);
  const roles = [
    { title: content.title, location: location.text, remote: location.remote, salary },
  ];
  const escapedCompany = hnEscape(company);
  const fields: string[] = [];
  const style = Math.floor(random() * 6);
  if (extraRoles.length > 0) {
    fields.push(escapedCompany, hnEscape(location.text), 'Multiple roles');
    if (url) fields.push(hnLink(url));
  } else if (style === 0) {
    fields.push(escapedCompany, hnEscape(content.title), hnEscape(location.text), employment);
    if (salary) fields.push(hnEscape(salary));
    if (url) fields.push(hnLink(url));
  } else if (style === 1) {
    fields.push(
      url ? `${escapedCompany} (${hnLink(url)})` : escapedCompany,
      hnEscape(content.title),
      hnEscape(location.text),
    );
    if (salary) fields.push(hnEscape(salary));
  } else if (style === 2) {
    fields.push(escapedCompany, hnEscape(location.text), hnEscape(content.title));
    if (chance(random, 0.5)) fields.push(employment);
  } else if (style === 3) {
    // No separators at all: a sentence.
    const sentence = `${hnEscape(company)} is hiring a ${hnEscape(content.title)} (${hnEscape(location.text)})${salary ? `, ${hnEscape(salary)}` : ''}.`;
    fields.push(sentence);
  } else {
    fields.push(escapedCompany, hnEscape(content.title), hnEscape(location.text));
    if (salary) fields.push(hnEscape(salary));
    if (chance(random, 0.5)) fields.push(employment);
    if (url) fields.push(hnLink(url));
  }
  const header =
    style === 3 && extraRoles.length === 0 ? (fields[0] ?? '') : fields.join(separator);
  const paragraphs = [header];
  paragraphs.push(
    hnEscape(
      `${pick(random, ['We', 'At ' + company + ' we', company + ':'])} ${content.company.mission}. ${pick(
        random,
        [
          `We are ${content.company.employees} people`,
          'Small team, big problems',
          'Profitable and growing',
          'Series B, well funded',
        ],
      )}.`,
    ),
  );
  if (extraRoles.length > 0) {
    for (const role of [content, ...extraRoles]) {
      const roleLocation = locationToken(random, role.location);
      const roleSalary = chance(random, 0.7) ? salaryToken(random, role) : null;
      paragraphs.push(
        `- ${hnEscape(role.title)}${roleSalary ? ` (${hnEscape(roleSalary)})` : ''}${chance(random, 0.4) ? ` - ${hnEscape(roleLocation.text)}` : ''}`,
      );
      if (role !== content) {
        roles.push({
          title: role.title,
          location: roleLocation.text,
          remote: roleLocation.remote,
          salary: roleSalary,
        });
      } else {
        roles[0] = {
          title: role.title,
          location: location.text,
          remote: location.remote,
          salary: roleSalary,
        };
      }
    }
  }
  if (content.family.technical) paragraphs.push(hnEscape(techSentence(random, content)));
  const email = `${pick(random, ['jobs', 'hiring', 'careers', 'hn'])}@${content.company.domain}`;
  paragraphs.push(
    pick(random, [
      `Apply: ${url ? hnLink(url) : hnEscape(email)}`,
      `Email ${hnEscape(email)} with &quot;HN&quot; in the subject.`,
      `Interested? Reach out to ${hnEscape(email)} (mention HN!)`,
      url ? `More info and apply here: ${hnLink(url)}` : `Send a note to ${hnEscape(email)}`,
    ]),
  );
  return { html: paragraphs.join('<p>'), truth: { company, roles, url } };
}

const META_COMMENTS = [
  'Is anyone hiring for junior roles in Europe this month? Feels like everything is senior-only.',
  'Tip for job seekers: the search box at the top of the page works on this thread too; try searching for REMOTE.',
  'Fewer postings than last month. Anyone else tracking the numbers?',
  'Please, if you post here, actually reply to applicants. Even a "no" is appreciated.',
  'Shameless plug: I made a little tool that filters these threads by location and salary: https://hn-jobs.example',
];

export function metaComment(random: Random): string {
  return pick(random, META_COMMENTS)
    .split(/(https:\/\/\S+)/)
    .map((part) => (part.startsWith('https://') ? hnLink(part) : hnEscape(part)))
    .join('');
}

const REPLIES = [
  'Is this open to candidates in {country}?',
  'Sent you an email!',
  'The link seems to be broken for me.',
  'Do you sponsor visas?',
  'Is the salary range the same for remote candidates?',
  'Applied last month and never heard back, is the role still open?',
  'Yes, we are! Please apply through the link above.',
];

export function replyComment(random: Random, country: string): string {
  return hnEscape(pick(random, REPLIES).replace('{country}', country));
}

/** A "Who wants to be hired?" comment. */
export function candidateComment(random: Random, content: PostingContent): string {
  const office = content.location.offices[0];
  const names = content.technologies.map((key) => TECHNOLOGIES[key].name);
  const handle = slugify(`${content.family.key}-${Math.floor(random() * 1000)}`);
  return [
    `Location: ${hnEscape(office ? `${office.city}, ${office.country}` : 'Lisbon, Portugal')}`,
    `Remote: ${pick(random, ['Yes', 'Yes, or hybrid', 'Preferred'])}`,
    `Willing to relocate: ${pick(random, ['No', 'Yes', 'Within the EU'])}`,
    `Technologies: ${hnEscape(names.join(', '))}`,
    `Résumé&#x2F;CV: ${hnLink(`https://${handle}.example/cv.pdf`)}`,
    `Email: ${hnEscape(`${handle}@mail.example`)}`,
  ].join('<p>');
}

/** A "Freelancer? Seeking freelancer?" comment. */
export function freelancerComment(random: Random, content: PostingContent): string {
  const names = content.technologies.map((key) => TECHNOLOGIES[key].name);
  const seeking = chance(random, 0.7);
  const where = allLocationLabels(content.location)[0] ?? 'Remote';
  return seeking
    ? [
        `SEEKING WORK | ${hnEscape(where)} | Remote`,
        hnEscape(
          `${pick(random, ['Backend', 'Data', 'Full-stack', 'ML'])} developer with ${intBetween(random, 4, 20)} years of experience.`,
        ),
        `Technologies: ${hnEscape(names.join(', '))}`,
      ].join('<p>')
    : [
        `SEEKING FREELANCER | ${hnEscape(content.company.name)} | ${hnEscape(where)}`,
        hnEscape(
          `We need help with ${names.slice(0, 2).join(' and ')} for a ${pick(random, ['three', 'six'])}-month project.`,
        ),
      ].join('<p>');
}
