import { chance, intBetween, pick, randomForKey, sample, type Random } from '../random';
import type { Company } from './companies';
import { escapeHtml } from './html';
import type { RoleFamily } from './roles';
import { TECHNOLOGIES, type TechnologyKey } from './technologies';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { floor, max, min } = Math;

export type SectionKind = 'duties' | 'requirements' | 'nice' | 'stack' | 'process' | 'benefits';

/** A titled list; the heading is plain text, items are HTML fragments. */
export interface DescriptionSection {
  kind: SectionKind;
  heading: string;
  items: string[];
}

/** A posting's description as sections; every string is an HTML fragment. */
export interface DescriptionDoc {
  about: string[];
  role: string[];
  /** How the team works, after the lists (what the description grows with). */
  culture: string[];
  sections: DescriptionSection[];
  /** The pay paragraph, when the posting states pay in its text. */
  compensation: string | null;
  closing: string[];
}

export interface DescriptionInput {
  key: string;
  company: Company;
  title: string;
  family: RoleFamily;
  team: string;
  technologies: readonly TechnologyKey[];
  locationLabel: string;
  compensation: string | null;
  targetBytes: number;
  /** One entry per description edit applied so far; each rewrites a little of the text. */
  edits: number;
}

const BENEFITS = [
  'Competitive salary and meaningful equity',
  'Private health, dental and vision insurance for you and your dependants',
  '25 days of paid holiday plus public holidays',
  'A yearly learning budget for books, courses and conferences',
  'Home-office setup allowance',
  'Flexible working hours and async-first communication',
  '16 weeks of fully paid parental leave',
  'Pension / 401(k) matching',
  'Team offsites twice a year',
  'Mental health support through a dedicated provider',
  'Bike-to-work scheme and public transport pass',
  'A sabbatical after five years',
];

const HOW_WE_WORK = [
  'We write things down: design docs, decision records and runbooks are part of the work, not an afterthought.',
  'Small teams own their services end to end, from the first commit to the pager.',
  'We deploy many times a day behind feature flags and roll back without drama.',
  'Code review is a conversation; we optimise for the reader of the code a year from now.',
  'We measure outcomes, not hours, and we protect focus time on every calendar.',
  'Most of our communication is asynchronous, with overlap hours for the things that need a call.',
  'We pair often, especially when onboarding and when debugging production issues.',
  'Every engineer takes a turn on support rotation to stay close to customers.',
];

const TEAM_FACTS = [
  'The {team} team is {n} people across {k} time zones, and it owns {thing}.',
  'Last quarter the {team} team {achievement}.',
  'This year we want to {plan}, and you will have a big say in how.',
  'You will join {n} engineers who care about {value} as much as about shipping.',
  'Our on-call rotation is one week in {k}, with a follow-the-sun handover.',
  'We hold a short demo every Friday; last week the team {achievement}.',
  'Our customers include {n} of the Fortune 500 and thousands of small teams.',
  'We raised our Series {series} in {year} and grow from revenue, not hype.',
  'We ship to production about {n} times a day across all teams.',
  'Our engineering blog explains how we {plan-past}.',
  'We sponsor the open-source projects we depend on, and we upstream our fixes.',
  'We hire in {k} countries through an employer of record, so where you live matters less than how you work.',
  'New joiners ship something to production in their first week, with a buddy to show them around.',
  'We review compensation twice a year against public market data.',
];

const THINGS = [
  'the ingestion path from the edge to the warehouse',
  'billing and invoicing for every plan',
  'the public API and its SDKs',
  'search ranking for the main product',
  'the deploy pipeline every team relies on',
  'identity, sign-in and permissions',
  'the mobile apps and their release train',
];

const ACHIEVEMENTS = [
  'cut p99 latency by 40%',
  'retired a ten-year-old cron server',
  'halved the monthly cloud bill',
  'moved every service to the new cluster without downtime',
  'shipped usage-based pricing',
  'rebuilt the onboarding flow from scratch',
  'made the nightly batch finish before breakfast',
];

const PLANS = [
  'split the monolith along its natural seams',
  'open-source our internal tooling',
  'move analytics from batch to streaming',
  'give every team self-serve infrastructure',
  'launch in three new markets',
];

const PAST_PLANS = [
  'split a monolith without a rewrite',
  'moved analytics from batch to streaming',
  'made every team self-sufficient on infrastructure',
  'cut build times from 40 minutes to 6',
];

const VALUES = [
  'clear writing',
  'observability',
  'good tests',
  'accessibility',
  'data quality',
  'security',
];

const INTERVIEW_STEPS = [
  'A 30-minute call with the hiring manager',
  'A take-home exercise (2–3 hours, paid) or a live pairing session, your choice',
  'A system design conversation with two engineers',
  'A values interview with someone outside the team',
  'Reference checks and an offer within a week',
];

const STACK_NOTES = [
  'we run it in production and know its sharp edges',
  'you will touch it in your first month',
  'we are migrating more of our workloads to it',
  'we contribute fixes upstream when we hit bugs',
];

const NICE_TO_HAVE = [
  'Experience tuning {code} under production load',
  'You have debugged a misbehaving {code} at 3 a.m. and written the postmortem',
  'Open-source contributions to {tech} or a similar project',
  'Familiarity with {code} and why it exists',
  'You have migrated a system to {tech} without downtime',
  'Experience mentoring engineers and running interviews',
];

const CLOSINGS = [
  '{company} is an equal opportunity employer. We welcome applicants of all backgrounds and do not discriminate on the basis of race, religion, colour, national origin, gender, sexual orientation, age, marital status, veteran status or disability.',
  'We are committed to building a diverse team. If you need an accommodation during the interview process, tell us and we will make it happen.',
  'Please note that we do not accept unsolicited CVs from recruitment agencies.',
  'Do not meet every requirement? Studies show that some people only apply when they tick every box. If this role excites you, apply anyway.',
];

const UPDATES = [
  'Update: we have added a second interview slot every week, so the process now takes about three weeks.',
  'Update: this role is now also open to candidates who need visa sponsorship.',
  'Update: the team has grown, and this role will focus more on {tech} than originally planned.',
  'Update: we have clarified the responsibilities below after feedback from candidates.',
];

function techName(key: TechnologyKey): string {
  return TECHNOLOGIES[key].name;
}

const escapedTemplates = new Map<string, string>();

/** Fills `{tech}` with the posting's technologies (rotating) and `{code}` with an identifier. */
function fill(
  template: string,
  random: Random,
  techs: readonly TechnologyKey[],
  company: Company,
): string {
  let text = escapedTemplates.get(template);
  if (text === undefined) {
    text = escapeHtml(template);
    escapedTemplates.set(template, text);
  }
  if (text.includes('{tech}')) {
    let rotation = floor(random() * max(1, techs.length));
    text = text.replace(/\{tech\}/g, () => {
      const key = techs[rotation++ % max(1, techs.length)];
      return key ? `<strong>${escapeHtml(techName(key))}</strong>` : 'modern tools';
    });
  }
  if (text.includes('{code}')) {
    text = text.replace(/\{code\}/g, () => {
      const key = techs.length > 0 ? pick(random, techs) : undefined;
      const identifier = key ? pick(random, TECHNOLOGIES[key].identifiers) : 'feature flags';
      return `<code>${escapeHtml(identifier)}</code>`;
    });
  }
  return text.includes('{company}') ? text.replace(/\{company\}/g, escapeHtml(company.name)) : text;
}

function stackParagraph(random: Random, techs: readonly TechnologyKey[]): string {
  const chosen = sample(random, techs, min(techs.length, intBetween(random, 3, 6)));
  const names = chosen.map((key) => escapeHtml(techName(key)));
  const last = names.pop();
  const list = names.length > 0 ? `${names.join(', ')} and ${last ?? ''}` : (last ?? '');
  const code = chosen
    .slice(0, 2)
    .map((key) => `<code>${escapeHtml(pick(random, TECHNOLOGIES[key].identifiers))}</code>`);
  const opening = pick(random, [
    `Our stack today: ${list}.`,
    `You will work mostly with ${list}.`,
    `Day to day the team uses ${list}, and we are not dogmatic about it.`,
  ]);
  return code.length === 2
    ? `${opening} A typical week might involve reviewing a change to ${code[0] ?? ''} or chasing down why ${code[1] ?? ''} behaves differently in staging.`
    : opening;
}

function sizeOf(doc: DescriptionDoc): number {
  let size = 0;
  for (const text of doc.about) size += text.length + 7;
  for (const text of doc.role) size += text.length + 7;
  for (const text of doc.culture) size += text.length + 7;
  for (const section of doc.sections) {
    size += section.heading.length + 20;
    for (const item of section.items) size += item.length + 9;
  }
  if (doc.compensation) size += doc.compensation.length + 7;
  for (const text of doc.closing) size += text.length + 7;
  return size;
}

/** Builds the description, growing lists and paragraphs until it reaches the target size. */
export function buildDescription(input: DescriptionInput): DescriptionDoc {
  const random = randomForKey(input.key, 'description');
  const { company, family, technologies: techs } = input;
  const mention = (template: string): string => fill(template, random, techs, company);

  const about = [
    `At <strong>${escapeHtml(company.name)}</strong>, we ${escapeHtml(company.mission)}. Founded in ${company.founded}, we are ${escapeHtml(company.employees)} people working in ${escapeHtml(company.industry)}.`,
  ];
  const role = [
    `As a <strong>${escapeHtml(input.title)}</strong> on the ${escapeHtml(input.team)} team, based in ${escapeHtml(input.locationLabel)}, you will shape how we build and run our product.`,
  ];
  if (family.technical && techs.length > 0) role.push(stackParagraph(random, techs));

  const duties = sample(random, family.duties, intBetween(random, 3, family.duties.length)).map(
    (line) => mention(line),
  );
  const requirements = sample(
    random,
    family.requirements,
    intBetween(random, 2, family.requirements.length),
  ).map((line) => mention(line));
  const sections: DescriptionSection[] = [
    {
      kind: 'duties',
      heading: pick(random, ["What you'll do", 'Responsibilities', 'In this role you will']),
      items: duties,
    },
    {
      kind: 'requirements',
      heading: pick(random, [
        "What we're looking for",
        'Requirements',
        'About you',
        'Qualifications',
      ]),
      items: requirements,
    },
  ];
  if (family.technical && techs.length > 0) {
    sections.push({
      kind: 'nice',
      heading: pick(random, ['Nice to have', 'Bonus points', 'Even better if you have']),
      items: sample(random, NICE_TO_HAVE, intBetween(random, 1, 3)).map((line) => mention(line)),
    });
  }
  sections.push({
    kind: 'benefits',
    heading: pick(random, ['Benefits', 'What we offer', 'Perks']),
    items: sample(random, BENEFITS, intBetween(random, 3, 6)).map((line) => escapeHtml(line)),
  });
  const closing = [mention(pick(random, CLOSINGS))];
  const doc: DescriptionDoc = {
    about,
    role,
    sections,
    culture: [],
    compensation: input.compensation,
    closing,
  };

  for (let edit = 1; edit <= input.edits; edit++) applyDescriptionEdit(doc, input, edit);
  grow(doc, input);
  return doc;
}

function insertBeforeBenefits(doc: DescriptionDoc, section: DescriptionSection): void {
  const index = doc.sections.findIndex((candidate) => candidate.kind === 'benefits');
  doc.sections.splice(index < 0 ? doc.sections.length : index, 0, section);
}

/**
 * Grows the description to its target size without repeating itself: the ways of working first,
 * then the interview process and a note per technology, then facts about the team (drawn from
 * combinations, so they rarely repeat).
 */
function grow(doc: DescriptionDoc, input: DescriptionInput): void {
  const random = randomForKey(input.key, 'description-growth');
  const techs = input.technologies;
  let size = sizeOf(doc);
  const add = (paragraph: string): void => {
    doc.culture.push(paragraph);
    size += paragraph.length + 7;
  };
  for (const line of sample(random, HOW_WE_WORK, HOW_WE_WORK.length)) {
    if (size >= input.targetBytes) return;
    add(escapeHtml(line));
  }
  if (size < input.targetBytes) {
    const steps = INTERVIEW_STEPS.slice(0, intBetween(random, 3, INTERVIEW_STEPS.length)).map(
      escapeHtml,
    );
    insertBeforeBenefits(doc, { kind: 'process', heading: 'Our interview process', items: steps });
    size = sizeOf(doc);
  }
  if (size < input.targetBytes && input.family.technical && techs.length > 0) {
    const notes = techs.map((key) => {
      const tech = TECHNOLOGIES[key];
      return `<strong>${escapeHtml(tech.name)}</strong>: ${pick(random, STACK_NOTES)} (think <code>${escapeHtml(pick(random, tech.identifiers))}</code>).`;
    });
    insertBeforeBenefits(doc, {
      kind: 'stack',
      heading: 'Technologies you will meet',
      items: notes,
    });
    size = sizeOf(doc);
  }
  // Each fact template at most twice; past that (rare, very long targets) anything goes.
  const used = new Map<string, number>();
  while (size < input.targetBytes) {
    let template = pick(random, TEAM_FACTS);
    for (let tries = 0; (used.get(template) ?? 0) >= 2 && tries < TEAM_FACTS.length; tries++) {
      template = pick(random, TEAM_FACTS);
    }
    used.set(template, (used.get(template) ?? 0) + 1);
    const fact = template
      .replace('{team}', input.team)
      .replace('{n}', `${intBetween(random, 3, 40)}`)
      .replace('{k}', `${intBetween(random, 2, 6)}`)
      .replace('{series}', pick(random, ['A', 'B', 'C', 'D']))
      .replace('{year}', `${intBetween(random, 2019, 2025)}`)
      .replace('{thing}', pick(random, THINGS))
      .replace('{achievement}', pick(random, ACHIEVEMENTS))
      .replace('{plan-past}', pick(random, PAST_PLANS))
      .replace('{plan}', pick(random, PLANS))
      .replace('{value}', pick(random, VALUES));
    add(escapeHtml(fact));
  }
}

/** Every description edit changes the text a reader sees. */
function applyDescriptionEdit(doc: DescriptionDoc, input: DescriptionInput, edit: number): void {
  const random = randomForKey(input.key, 'description-edit', edit);
  const techs = input.technologies;
  const kind = floor(random() * 3);
  const duties = doc.sections.find((section) => section.kind === 'duties');
  const requirements = doc.sections.find((section) => section.kind === 'requirements');
  const unused = input.family.duties
    .map((line) => fill(line, random, techs, input.company))
    .filter((line) => !duties?.items.includes(line));
  if (kind === 1 && duties && duties.items.length > 0 && unused.length > 0) {
    duties.items[floor(random() * duties.items.length)] = pick(random, unused);
  } else if (kind === 2 && requirements) {
    const template = chance(random, 0.5)
      ? pick(random, NICE_TO_HAVE)
      : pick(random, input.family.requirements);
    requirements.items.push(fill(template, random, techs, input.company));
  } else {
    doc.role.unshift(fill(pick(random, UPDATES), random, techs, input.company));
  }
}

export function sectionHtml(section: { heading: string; items: readonly string[] }): string {
  return `<h3>${escapeHtml(section.heading)}</h3><ul>${section.items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

export function paragraphsHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((text) => `<p>${text}</p>`).join('');
}

/** The whole description as one HTML document body. */
export function descriptionHtml(doc: DescriptionDoc): string {
  return [
    paragraphsHtml(doc.about),
    paragraphsHtml(doc.role),
    doc.sections.map(sectionHtml).join(''),
    cultureHtml(doc),
    doc.compensation ? `<p>${doc.compensation}</p>` : '',
    paragraphsHtml(doc.closing),
  ].join('');
}

/** The "How we work" part, empty when the description did not need to grow. */
export function cultureHtml(doc: DescriptionDoc): string {
  return doc.culture.length > 0 ? `<h3>How we work</h3>${paragraphsHtml(doc.culture)}` : '';
}
