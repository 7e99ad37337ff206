import type { Workplace } from '@tributary/schemas';
import {
  CITY_NAMES,
  COUNTRY_CODES,
  COUNTRY_NAMES,
  MAX_NAME_WORDS,
  REGION_CODES,
  REGION_NAMES,
} from './places';

const DIACRITICS = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9]+/g;

/** Lower case, no diacritics, words separated by single spaces ("Zürich, CH" → "zurich ch"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').toLowerCase().replace(NON_WORD, ' ').trim();
}

/** One place in a location text: "Remote - US or Toronto, ON" has two. */
const SEGMENT_BREAKS = /\s*(?:[;|/•·()[\]]|\bor\b|\band\b|&|\+|\s-\s)\s*/i;
const CODE = /(?<![A-Za-z])([A-Z]{2,3})(?![A-Za-z])/g;

function lookup(
  words: readonly string[],
  table: ReadonlyMap<string, string>,
  into: string[],
): void {
  for (let start = 0; start < words.length; start++) {
    for (let length = Math.min(MAX_NAME_WORDS, words.length - start); length >= 1; length--) {
      const code = table.get(words.slice(start, start + length).join(' '));
      if (code) {
        into.push(code);
        start += length - 1;
        break;
      }
    }
  }
}

function segmentCountries(segment: string): string[] {
  const found: string[] = [];
  const words = fold(segment).split(' ').filter(Boolean);
  lookup(words, COUNTRY_NAMES, found);
  lookup(words, REGION_NAMES, found);
  const cities: string[] = [];
  lookup(words, CITY_NAMES, cities);
  for (const match of segment.matchAll(CODE)) {
    const code = match[1] ?? '';
    const afterComma = /,\s*$/.test(segment.slice(0, match.index));
    const country = COUNTRY_CODES.get(code);
    const region = REGION_CODES.get(code);
    if (afterComma && country && cities.includes(country))
      found.push(country); // "Berlin, DE"
    else if (afterComma && region)
      found.push(region); // "Austin, TX", "Toronto, ON"
    else if (country && (!region || code === 'US')) found.push(country); // "Remote (UK)"
  }
  // A city tells the country only when nothing else in its segment does.
  return found.length > 0 ? found : cities;
}

/**
 * The ISO 3166-1 alpha-2 countries a posting's location texts name (and the source's own codes in
 * `hints`), in order of first mention. Regions ("Europe", "EMEA", "Worldwide") name no country.
 */
export function countriesOf(texts: readonly string[], hints: readonly string[] = []): string[] {
  const countries = new Set<string>();
  for (const hint of hints) {
    const code = COUNTRY_CODES.get(hint.trim().toUpperCase());
    if (code) countries.add(code);
  }
  for (const text of texts) {
    for (const segment of text.split(SEGMENT_BREAKS)) {
      if (segment.trim() === '') continue;
      for (const code of segmentCountries(segment)) countries.add(code);
    }
  }
  return [...countries];
}

const REMOTE =
  /\b(?:remote|anywhere|worldwide|work from home|wfh|distributed|telecommute|fully remote)\b/;
const HYBRID = /\bhybrid\b/;
const ONSITE = /\b(?:on ?site|in office|office based|in person)\b/;

/** What location texts say about where the work happens, or null when they say nothing. */
export function workplaceOf(texts: readonly string[]): Workplace | null {
  const folded = fold(texts.join(' | '));
  if (REMOTE.test(folded)) return 'remote';
  if (HYBRID.test(folded)) return 'hybrid';
  if (ONSITE.test(folded)) return 'onsite';
  return null;
}
