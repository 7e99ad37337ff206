import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviousKeywordList } from './keyword-matcher';

/** The previous shipped list, copied from git history into the keywords package's eval baseline. */
export const PREVIOUS_LIST_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'keywords',
  'eval',
  'baseline',
  'technologies-2026-11-23.1.json',
);

interface RawEntry {
  name?: unknown;
  matchName?: unknown;
  aliases?: unknown;
  exact?: unknown;
}

const strings = (value: unknown, field: string): string[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new Error(`previous keyword list: ${field} must be an array of strings`);
  }
  return value as string[];
};

/** Reads the previous list with the previous schema's defaults (matchName true, no aliases). */
export function loadPreviousList(path = PREVIOUS_LIST_PATH): PreviousKeywordList {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown; keywords?: unknown };
  if (typeof json.version !== 'string' || !Array.isArray(json.keywords)) {
    throw new Error(`previous keyword list ${path} has no version or keywords`);
  }
  return {
    version: json.version,
    keywords: (json.keywords as RawEntry[]).map((entry, index) => {
      if (typeof entry.name !== 'string') {
        throw new Error(`previous keyword list ${path}: keywords.${index}.name is not a string`);
      }
      return {
        name: entry.name,
        matchName: entry.matchName !== false,
        aliases: strings(entry.aliases, `keywords.${index}.aliases`),
        exact: strings(entry.exact, `keywords.${index}.exact`),
      };
    }),
  };
}
