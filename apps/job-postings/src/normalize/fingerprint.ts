import { createHash } from 'node:crypto';
import { fold } from './location';

const LEGAL_SUFFIXES =
  /\b(?:inc|incorporated|llc|ltd|limited|gmbh|ag|corp|corporation|co|sa|sas|bv|plc|ab|oy|as|pty|srl|spa)\b/g;

/** A company name as copies of one posting agree on it ("Stripe, Inc." → "stripe"). */
export function companyKey(company: string | null): string {
  return company ? fold(company).replace(LEGAL_SUFFIXES, '').replace(/\s+/g, ' ').trim() : '';
}

/**
 * The key that marks likely copies of one job across sources: normalized company, title, and
 * location as countries (or "remote" for a remote role without one, else the first location text).
 * Aggregators print a region where the ATS prints the office, so countries are what they share.
 */
export function dedupeKey(posting: {
  company: string | null;
  title: string;
  countries: readonly string[];
  workplace: string;
  locations: readonly string[];
}): string {
  const location =
    posting.countries.length > 0
      ? [...posting.countries].sort().join(',')
      : posting.workplace === 'remote'
        ? 'remote'
        : fold(posting.locations[0] ?? '');
  return `${companyKey(posting.company)}|${fold(posting.title)}|${location}`;
}

/** A short stable hash of a JSON-able value (what "the content changed" is decided by). */
export function contentHash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url');
}

/**
 * The same for a posting's content and its long description, hashed as two parts: the
 * description goes into the hash as it is, not copied into a JSON string first.
 */
export function contentHashWithText(fields: unknown, text: string): string {
  return createHash('sha1')
    .update(JSON.stringify(fields))
    .update('\u0000')
    .update(text)
    .digest('base64url');
}
