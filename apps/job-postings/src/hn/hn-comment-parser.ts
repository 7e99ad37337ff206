import { Parser } from 'htmlparser2';
import { employmentTypeOf } from '../normalize/employment';
import { HtmlText } from '../normalize/html-text';
import { countriesOf } from '../normalize/location';
import { parseSalaryText, PERIOD_INFERRED } from '../normalize/salary';

/** One role a "Who is hiring?" comment offers. */
export interface HnRole {
  title: string;
  /** Location as written (the comment's header location when the role line names none). */
  location: string | null;
  /** Salary as written, for the salary parser. */
  salary: string | null;
  employment: string | null;
}

export type HnParse =
  | { kind: 'job'; company: string; url: string | null; roles: HnRole[]; notes: string[] }
  /** A comment that is no job post (a question, a tip, a complaint). */
  | { kind: 'not-a-job'; reason: string }
  /** A job post whose company or title could not be read. */
  | { kind: 'unparseable'; company: string | null; notes: string[] };

type FieldKind = 'url' | 'salary' | 'location' | 'employment' | 'multi' | 'title' | 'other';

const SEPARATORS = [/\s*\|\|?\s*/, /\s+•\s+/, /\s+\/\s+/, /\s+[-–—]\s+/];
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+(?:\/\S*)?$/i;
/** Pay stated without an amount: still the salary field. */
const VAGUE_SALARY = /^(?:competitive(?: salary)?(?:\s*\+\s*equity)?|doe|market rate|negotiable)$/i;
const LOCATION_WORDS =
  /\b(?:remote|onsite|on-site|on site|hybrid|anywhere|worldwide|relocation)\b/i;
const MULTI = /\b(?:multiple|various|several|many)\s+(?:roles|positions|openings|jobs)\b/i;
const ROLE_WORDS =
  /\b(?:engineer(?:ing)?s?|developers?|dev|scientists?|designers?|managers?|lead|architects?|analysts?|sre|devops|programmers?|researchers?|specialists?|consultants?|administrators?|writers?|recruiters?|director|head of|vp|cto|founding|executive|account manager|representative|associate|interns?|internship|technicians?|marketer|marketing|sales|support|product|operations|accountant|counsel|editor|officer|coordinator|full[- ]?stack|front[- ]?end|back[- ]?end|mobile|ios|android|qa|tester|security|data|ml|ai)\b/i;
const SENTENCE = /^(.+?) is hiring (?:an? |for (?:an? )?)?(.+)$/i;
const COMPANY_NOTE = /\s*\((?:[^)]*\b(?:YC|[SWF]\d{2})\b[^)]*)\)\s*$/;
const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;

/**
 * A field is pay when the salary parser finds an amount in it with something that makes it pay: a
 * currency, a period, a "k" ("Summer 2026" is no pay) — or when it states pay without an amount.
 */
function looksLikePay(field: string): boolean {
  if (VAGUE_SALARY.test(field)) return true;
  if (!/\d/.test(field)) return false;
  const { salary, notes } = parseSalaryText(field);
  if (!salary) return false;
  const periodStated = salary.period !== null && !notes.includes(PERIOD_INFERRED);
  const unknownSign = notes.some(
    (note) => note.includes('currency sign') || note.includes('ISO 4217'),
  );
  return (
    salary.currency !== null || periodStated || unknownSign || /[$€£¥₹¤]|\d\s?[kK]\b/.test(field)
  );
}

/** A field that is nothing but an employment type ("Intern", "FT", "Contract"). */
const EMPLOYMENT_ONLY =
  /^(?:full[- ]?time|ft|part[- ]?time|pt|contract(?:or)?|freelance|intern(?:ship)?|temporary|permanent|contract[- ]to[- ]hire)$/i;

function classify(field: string): FieldKind {
  if (URL_ONLY.test(field)) return 'url';
  if (EMPLOYMENT_ONLY.test(field)) return 'employment';
  if (MULTI.test(field)) return 'multi';
  if (looksLikePay(field)) return 'salary';
  const roleLike = ROLE_WORDS.test(field);
  if (!roleLike && (LOCATION_WORDS.test(field) || countriesOf([field]).length > 0))
    return 'location';
  if (field.length <= 30 && employmentTypeOf([field]) !== null && !roleLike) return 'employment';
  if (roleLike) return 'title';
  if (LOCATION_WORDS.test(field)) return 'location';
  return 'other';
}

function splitHeader(header: string): string[] {
  for (const separator of SEPARATORS.slice(0, -1)) {
    const fields = header
      .split(separator)
      .map((field) => field.trim())
      .filter(Boolean);
    if (fields.length >= 3 || (separator === SEPARATORS[0] && fields.length >= 2)) return fields;
  }
  const dashed = dashFields(header);
  return dashed.length >= 3 ? dashed : [header.trim()];
}

/**
 * Fields separated by " - ": the separator also sits inside ranges ("PLN 241,000 – PLN 445,000"),
 * so two neighbours that make one pay range together are joined back as written.
 */
function dashFields(header: string): string[] {
  const pieces = header.split(/(\s+[-–—]\s+)/);
  const fields: string[] = [];
  for (let index = 0; index < pieces.length; index += 2) {
    const field = (pieces[index] ?? '').trim();
    const last = fields[fields.length - 1];
    const joined = `${last ?? ''}${pieces[index - 1] ?? ''}${field}`;
    if (
      last !== undefined &&
      /\d[\d,.]*\s*[kK]?$/.test(last) &&
      /^\D{0,4}\d/.test(field) &&
      looksLikePay(joined)
    ) {
      fields[fields.length - 1] = joined;
    } else if (field) {
      fields.push(field);
    }
  }
  return fields;
}

/** "Acme (https://acme.com)" → company and URL; "Acme (YC W21)" → "Acme". */
function companyOf(field: string): { company: string; url: string | null } {
  const inParens = /^(.*?)\s*\(\s*((?:https?:\/\/|www\.)[^)\s]+)\s*\)\s*$/.exec(field);
  if (inParens) {
    return {
      company: (inParens[1] ?? '').replace(COMPANY_NOTE, '').trim(),
      url: inParens[2] ?? null,
    };
  }
  return { company: field.replace(COMPANY_NOTE, '').trim(), url: null };
}

/** "X (Berlin (Hybrid)), €70k": the text before the first top-level parenthesis, its inside, and the rest. */
function splitParenthesis(text: string): { before: string; inside: string; after: string } | null {
  const start = text.indexOf('(');
  if (start < 0) return null;
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    if (text[index] === '(') depth += 1;
    else if (text[index] === ')' && --depth === 0) {
      return {
        before: text.slice(0, start).trim(),
        inside: text.slice(start + 1, index).trim(),
        after: text.slice(index + 1).trim(),
      };
    }
  }
  return null;
}

/** The last top-level parenthesis of a text that ends with it ("Intern (Summer 2026) (€15/hr)"). */
function lastParenthesis(text: string): { before: string; inside: string } | null {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(')')) return null;
  let depth = 0;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (trimmed[index] === ')') depth += 1;
    else if (trimmed[index] === '(' && --depth === 0) {
      return {
        before: trimmed.slice(0, index).trim(),
        inside: trimmed.slice(index + 1, -1).trim(),
      };
    }
  }
  return null;
}

/** Each part of "Hybrid - London" names a place or a way of working. */
function placeLike(part: string): boolean {
  return LOCATION_WORDS.test(part) || countriesOf([part]).length > 0;
}

/**
 * "Title - More Title - Hybrid - London": the longest run of trailing place-like parts is the
 * location, the rest the title.
 */
function titleAndTrailingPlace(text: string): { title: string; location: string | null } {
  const parts = text.split(/\s+[-–—]\s+(?![^()]*\))/);
  let cut = parts.length;
  while (cut > 1 && placeLike(parts[cut - 1] ?? '') && !ROLE_WORDS.test(parts[cut - 1] ?? ''))
    cut -= 1;
  return cut === parts.length
    ? { title: text.trim(), location: null }
    : {
        title: parts.slice(0, cut).join(' - ').trim(),
        location: parts.slice(cut).join(' - ').trim(),
      };
}

/** "Senior Engineer (Remote)": the title, and the location in parentheses. */
function titleAndPlace(field: string): { title: string; location: string | null } {
  const match = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(field);
  if (match && classify(match[2] ?? '') === 'location') {
    return { title: (match[1] ?? '').trim(), location: (match[2] ?? '').trim() };
  }
  return { title: field, location: null };
}

/** "- Senior Engineer ($150k-180k) - Berlin, Germany", "- Designer - ONSITE (Kraków, Poland)" */
function roleLine(line: string, fallbackLocation: string | null): HnRole | null {
  let text = line.replace(BULLET, '').trim();
  let salary: string | null = null;
  let location: string | null = null;
  // Pay in parentheses after the title, with or without a location after it.
  const parts = text.split(/\s+[-–—]\s+(?![^()]*\))/);
  for (let index = 0; index < parts.length; index++) {
    const paren = lastParenthesis(parts[index] ?? '');
    if (paren && classify(paren.inside) === 'salary') {
      salary = paren.inside;
      text = [...parts.slice(0, index), paren.before].join(' - ');
      location = parts.slice(index + 1).join(' - ') || null;
      break;
    }
  }
  let title = text;
  if (location === null) ({ title, location } = titleAndTrailingPlace(text));
  if (location === null) {
    const place = titleAndPlace(title);
    title = place.title;
    location = place.location;
  }
  if (!ROLE_WORDS.test(title)) return null;
  return { title: title.trim(), location: location ?? fallbackLocation, salary, employment: null };
}

/** The hrefs of the links in a fragment (HN shortens long link texts, the href is whole). */
function linksOf(html: string): string[] {
  const links: string[] = [];
  const parser = new Parser({
    onopentag: (name, attributes) => {
      if (name === 'a' && attributes.href) links.push(attributes.href);
    },
  });
  parser.end(html);
  return links;
}

/**
 * Reads a "Who is hiring?" comment the way people write them: a header line of fields separated by
 * `|` (or `•`, ` / `, ` - `) — company first, then title, location, salary, employment type and a
 * link in any order — or a sentence ("Acme is hiring a Data Engineer (Berlin), €70k"), then
 * paragraphs, and for several roles one line each ("- Title (salary) - location"). Every field it
 * cannot place is named in `notes`; a comment without a header of fields is not a job post.
 */
export class HnCommentParser {
  private readonly text = new HtmlText();

  parse(html: string): HnParse {
    const paragraphs = html
      .split(/<p>/i)
      .map((paragraph) => this.text.convert(paragraph))
      .filter((paragraph) => paragraph.length > 0);
    const header = paragraphs[0] ?? '';
    const links = linksOf(html);
    const sentence = header.includes('|') ? null : SENTENCE.exec(header);
    const parts = sentence ? splitParenthesis((sentence[2] ?? '').replace(/\.$/, '')) : null;
    if (sentence && parts && parts.before) {
      return {
        kind: 'job',
        company: (sentence[1] ?? '').trim(),
        url: links[0] ?? null,
        roles: [
          {
            title: parts.before,
            location: parts.inside,
            salary: parts.after.replace(/^,\s*/, '').trim() || null,
            employment: null,
          },
        ],
        notes: [],
      };
    }
    const fields = splitHeader(header);
    if (fields.length < 2) return { kind: 'not-a-job', reason: 'no header of fields' };

    const notes: string[] = [];
    const first = URL_ONLY.test(fields[0] ?? '') ? null : companyOf(fields[0] ?? '');
    let url = first?.url ?? null;
    const titles: string[] = [];
    let location: string | null = null;
    let salary: string | null = null;
    let employment: string | null = null;
    let multi = false;
    const dashed = !header.includes('|') && /\s[-–—]\s/.test(header);
    let previous: FieldKind | null = null;
    for (const field of fields.slice(first ? 1 : 0)) {
      const kind = classify(field);
      // "Engineer - Controls": with dashes as separators, a title may go on after one.
      if (
        dashed &&
        previous === 'title' &&
        (kind === 'other' || kind === 'title') &&
        titles.length > 0
      ) {
        titles[titles.length - 1] = `${titles[titles.length - 1] ?? ''} - ${field}`;
        continue;
      }
      previous = kind;
      if (kind === 'url') url ??= /^https?:/i.test(field) ? field : `https://${field}`;
      else if (kind === 'salary') salary ??= field;
      else if (kind === 'location') location = location ? `${location}; ${field}` : field;
      else if (kind === 'employment') employment ??= field;
      else if (kind === 'multi') multi = true;
      else if (kind === 'title') titles.push(field);
      else notes.push(`unread header field "${field}"`);
    }
    if (!first || first.company === '') {
      return { kind: 'unparseable', company: null, notes: [...notes, 'no company in the header'] };
    }
    url =
      links.find((link) => link === url || link.startsWith(url ?? '\0')) ?? url ?? links[0] ?? null;

    const roleLines = paragraphs
      .slice(1)
      .flatMap((paragraph) => paragraph.split('\n'))
      .filter((line) => BULLET.test(line))
      .map((line) => roleLine(line, location))
      .filter((role): role is HnRole => role !== null);
    if ((multi || titles.length === 0) && roleLines.length > 0) {
      return { kind: 'job', company: first.company, url, roles: roleLines, notes };
    }
    if (titles.length === 0) {
      const reason = multi
        ? 'several roles announced but none listed'
        : 'no job title in the header';
      return { kind: 'unparseable', company: first.company, notes: [...notes, reason] };
    }
    const [title = '', ...others] = titles;
    for (const other of others) notes.push(`second title-like header field "${other}" not read`);
    const split = titleAndPlace(title);
    const roles = [
      { title: split.title, location: split.location ?? location, salary, employment },
    ];
    if (roles[0]?.location === null) notes.push('no location in the header');
    return { kind: 'job', company: first.company, url, roles, notes };
  }
}
