import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from './zod-issues';

/** Thrown for a keyword list that cannot be read, parsed or compiled. Never retriable. */
export class KeywordListError extends Error {
  readonly retriable = false;

  constructor(
    readonly code:
      | 'KEYWORD_LIST_UNREADABLE'
      | 'KEYWORD_LIST_NOT_JSON'
      | 'KEYWORD_LIST_INVALID'
      | 'KEYWORD_TERM_INVALID'
      | 'KEYWORD_TERM_CONFLICT',
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'KeywordListError';
  }
}

/**
 * What kind of technology a keyword is; evaluation reports precision and recall per class. `other`
 * is the default for lists written before classes existed (the shipped list classifies every entry).
 */
export const KEYWORD_CLASSES = [
  'language',
  'frontend',
  'backend',
  'mobile',
  'desktop',
  'game',
  'library',
  'database',
  'data-engineering',
  'cloud',
  'devops',
  'observability',
  'ml',
  'llm',
  'security',
  'testing',
  'os',
  'tool',
  'api',
  'embedded',
  'graphics',
  'blockchain',
  'concept',
  'other',
] as const;
export const KeywordClass = z.enum(KEYWORD_CLASSES);
export type KeywordClass = z.infer<typeof KeywordClass>;

/** Terms are printable ASCII: the matcher lower-cases ASCII only, and tech names are ASCII. */
const term = z
  .string()
  .trim()
  .min(1)
  .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be printable ASCII words separated by one space');
/** Context and veto words: one lower-case word each. */
const word = z
  .string()
  .regex(/^[a-z0-9][a-z0-9+#]*$/, 'must be one lower-case word (a-z, 0-9, then + or #)');

export const KeywordEntry = z
  .object({
    /** The canonical name a match reports (`kubernetes`, `c++`, `node.js`). */
    name: term,
    class: KeywordClass.default('other'),
    /** Whether the name itself is a term (false for names that are common words: `go`). */
    matchName: z.boolean().default(true),
    /** Other spellings, matched in any case as whole tokens, segments or phrases (`k8s`). */
    aliases: z.array(term).default([]),
    /** Terms matched only with exactly this case (`iOS`). */
    exact: z.array(term).default([]),
    /** One-word terms in any case that count only with context (`spark`). */
    contextual: z.array(term).default([]),
    /** One-word terms with exactly this case that count only with context (`Go`, `R`). */
    contextualExact: z.array(term).default([]),
    /** Words that confirm a contextual term within the context window (`sql` for spark). */
    context: z.array(word).default([]),
    /** Words that drop a contextual term of this keyword right after it (`tracing` for ray). */
    vetoNext: z.array(word).default([]),
    /** Words that drop a contextual term of this keyword right before it (`series` for C). */
    vetoPrevious: z.array(word).default([]),
  })
  .strict();
export type KeywordEntry = z.infer<typeof KeywordEntry>;
export type KeywordEntryInput = z.input<typeof KeywordEntry>;

export const KeywordList = z
  .object({
    $comment: z.string().optional(),
    version: z.string().min(1),
    /** Words that confirm every contextual term (`bump`, `experience`), beside each entry's own. */
    context: z.array(word).default([]),
    keywords: z.array(KeywordEntry).min(1),
  })
  .strict()
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
      const terms =
        (entry.matchName ? 1 : 0) +
        entry.aliases.length +
        entry.exact.length +
        entry.contextual.length +
        entry.contextualExact.length;
      if (terms === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['keywords', index],
          message: `keyword "${entry.name}" has no term to match (matchName false, no aliases, exact or contextual terms)`,
        });
      }
      if (entry.contextual.length === 0 && entry.contextualExact.length === 0) {
        for (const field of ['context', 'vetoNext', 'vetoPrevious'] as const) {
          if (entry[field].length === 0) continue;
          ctx.addIssue({
            code: 'custom',
            path: ['keywords', index, field],
            message: `keyword "${entry.name}" has ${field} words but no contextual term they apply to`,
          });
        }
      }
    });
  });
export type KeywordList = z.infer<typeof KeywordList>;
export type KeywordListInput = z.input<typeof KeywordList>;

/** Parses a keyword list; the error names the source and the offending field. */
export function parseKeywordList(json: unknown, source = 'keyword list'): KeywordList {
  const result = KeywordList.safeParse(json);
  if (!result.success) {
    const problems = describeIssues(result.error);
    throw new KeywordListError('KEYWORD_LIST_INVALID', `${source} is invalid: ${problems}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function loadKeywordListFile(path: string): KeywordList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeywordListError(
      'KEYWORD_LIST_UNREADABLE',
      `cannot read keyword list ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KeywordListError(
      'KEYWORD_LIST_NOT_JSON',
      `keyword list ${path} is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return parseKeywordList(json, `keyword list ${path}`);
}

/** The list shipped with Tributary (`lists/technologies.json`). */
export const DEFAULT_KEYWORD_LIST_PATH = join(__dirname, '..', 'lists', 'technologies.json');

export function loadDefaultKeywordList(): KeywordList {
  return loadKeywordListFile(DEFAULT_KEYWORD_LIST_PATH);
}
