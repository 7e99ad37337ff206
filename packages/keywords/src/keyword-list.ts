import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const term = z.string().trim().min(1);

export const KeywordEntry = z.object({
  /** The canonical name a match reports (`kubernetes`, `c++`, `node.js`). */
  name: term,
  /** Whether the name itself is a search term (false for names that are common words: `go`). */
  matchName: z.boolean().default(true),
  /** Other spellings, matched case-insensitively as whole words (`k8s`, `ts`). */
  aliases: z.array(term).default([]),
  /** Terms matched only with exactly this case (`Go`, `R`). */
  exact: z.array(term).default([]),
});
export type KeywordEntry = z.infer<typeof KeywordEntry>;

export const KeywordList = z
  .object({
    version: z.string().min(1),
    keywords: z.array(KeywordEntry).min(1),
  })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.keywords.forEach((entry, index) => {
      if (seen.has(entry.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['keywords', index, 'name'],
          message: `duplicate keyword name "${entry.name}"`,
        });
      }
      seen.add(entry.name);
      if (!entry.matchName && entry.aliases.length === 0 && entry.exact.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['keywords', index],
          message: `keyword "${entry.name}" has no term to match (matchName false, no aliases, no exact)`,
        });
      }
    });
  });
export type KeywordList = z.infer<typeof KeywordList>;

/** Parses a keyword list; the error names the file and the offending field. */
export function parseKeywordList(json: unknown, source = 'keyword list'): KeywordList {
  const result = KeywordList.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${source} is invalid: ${problems}`);
  }
  return result.data;
}

export function loadKeywordListFile(path: string): KeywordList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read keyword list ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`keyword list ${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseKeywordList(json, `keyword list ${path}`);
}

/** The list shipped with Tributary (`lists/technologies.json`). */
export const DEFAULT_KEYWORD_LIST_PATH = join(__dirname, '..', 'lists', 'technologies.json');

export function loadDefaultKeywordList(): KeywordList {
  return loadKeywordListFile(DEFAULT_KEYWORD_LIST_PATH);
}
