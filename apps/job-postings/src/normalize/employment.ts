import type { EmploymentType, Seniority } from '@tributary/schemas';
import { fold } from './location';

const EMPLOYMENT: readonly [EmploymentType, RegExp][] = [
  ['internship', /\b(?:intern|internship|werkstudent|working student|praktikum)\b/],
  ['contract', /\b(?:contract|contractor|freelance|freelancer|fixed term|c2h|contract to hire)\b/],
  ['temporary', /\b(?:temporary|temp|seasonal)\b/],
  ['part-time', /\b(?:part time|parttime|pt|teilzeit)\b/],
  ['full-time', /\b(?:full time|fulltime|ft|permanent|vollzeit|festanstellung)\b/],
];

/**
 * The employment type a source's label or a posting's text names ("FullTime", "full_time",
 * "Full Time", "Contract-to-hire", "Berufseinsteiger" is no type), or null.
 */
export function employmentTypeOf(
  labels: readonly (string | null | undefined)[],
): EmploymentType | null {
  for (const label of labels) {
    if (!label) continue;
    // "FullTime" → "full time"
    const folded = fold(label.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '));
    for (const [type, pattern] of EMPLOYMENT) if (pattern.test(folded)) return type;
  }
  return null;
}

/** Seniority words as titles and level labels write them, most specific first. */
const LEVELS: readonly [Seniority, RegExp][] = [
  ['executive', /\b(?:chief \w+ officer|c[tefo]o|vp|vice president)\b/],
  ['director', /\b(?:director|head of)\b/],
  ['intern', /\b(?:intern|internship|student|werkstudent|praktikant)\b/],
  ['principal', /\b(?:principal|distinguished)\b/],
  ['staff', /\bstaff\b/],
  ['senior', /\b(?:senior|sr)\b/],
  ['lead', /\b(?:lead|tech lead|team lead)\b/],
  ['junior', /\b(?:junior|jr|entry level|graduate|new grad|berufseinsteiger)\b/],
  ['mid', /\b(?:mid level|midweight|intermediate|mid)\b/],
  ['manager', /\b(?:manager|management)\b/],
];

/**
 * The seniority a posting gives: from its title first ("Staff Engineer"), else from the source's
 * level label ("Mid-Senior Level", "Entry Level"), or null when neither names one.
 */
export function seniorityOf(
  title: string,
  labels: readonly (string | null | undefined)[] = [],
): Seniority | null {
  for (const text of [title, ...labels]) {
    if (!text) continue;
    const folded = fold(text);
    for (const [level, pattern] of LEVELS) if (pattern.test(folded)) return level;
  }
  return null;
}
