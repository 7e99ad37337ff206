import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KeywordListError, type KeywordList } from './keyword-list';
import { describeIssues } from './zod-issues';

/** One hand-labeled text: a job posting or a piece of a GitHub event, and the keywords it names. */
export const LabeledText = z
  .object({
    id: z.string().regex(/^[a-z]+-\d+$/, 'must look like job-001 or gh-001'),
    kind: z.enum(['job', 'github']),
    text: z.string().min(1),
    /** Canonical keyword names the text names (see eval/README.md for what counts). */
    expected: z.array(z.string().min(1)),
  })
  .strict();
export type LabeledText = z.infer<typeof LabeledText>;

/** The labeled set shipped with the package (`eval/labeled-texts.jsonl`). */
export const DEFAULT_EVAL_SET_PATH = join(__dirname, '..', 'eval', 'labeled-texts.jsonl');

/** Parses JSON lines of labeled texts; the error names the line. Ids must be unique. */
export function parseEvalSet(jsonLines: string, source = 'evaluation set'): LabeledText[] {
  const texts: LabeledText[] = [];
  const ids = new Set<string>();
  jsonLines.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source} line ${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new KeywordListError('KEYWORD_LIST_NOT_JSON', `${where} is not JSON`, { cause: error });
    }
    const result = LabeledText.safeParse(json);
    if (!result.success) {
      const problems = describeIssues(result.error);
      throw new KeywordListError('KEYWORD_LIST_INVALID', `${where} is invalid: ${problems}`, {
        cause: result.error,
      });
    }
    if (ids.has(result.data.id)) {
      throw new KeywordListError(
        'KEYWORD_LIST_INVALID',
        `${where}: duplicate id ${result.data.id}`,
      );
    }
    ids.add(result.data.id);
    texts.push(result.data);
  });
  return texts;
}

export function loadEvalSet(path = DEFAULT_EVAL_SET_PATH): LabeledText[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeywordListError(
      'KEYWORD_LIST_UNREADABLE',
      `cannot read evaluation set ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return parseEvalSet(text, path);
}

/** Expected names that the list does not have (a label typo, or a keyword that was removed). */
export function unknownLabels(texts: readonly LabeledText[], list: KeywordList): string[] {
  const names = new Set(list.keywords.map((entry) => entry.name));
  const unknown = new Set<string>();
  for (const text of texts)
    for (const name of text.expected) if (!names.has(name)) unknown.add(name);
  return [...unknown].sort();
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** NaN when nothing was predicted. */
  precision: number;
  /** NaN when nothing was expected. */
  recall: number;
}

export interface TextResult {
  id: string;
  missed: string[];
  extra: string[];
}

export interface Evaluation {
  micro: Score;
  byClass: Record<string, Score>;
  byKind: Record<LabeledText['kind'], Score>;
  /** Texts where the prediction differs from the labels. */
  mistakes: TextResult[];
}

interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

const emptyCounts = (): Counts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });

function score(counts: Counts): Score {
  const predicted = counts.truePositives + counts.falsePositives;
  const expected = counts.truePositives + counts.falseNegatives;
  return {
    ...counts,
    precision: predicted === 0 ? Number.NaN : counts.truePositives / predicted,
    recall: expected === 0 ? Number.NaN : counts.truePositives / expected,
  };
}

/**
 * Precision and recall of `match` against the labels: micro (every keyword of every text counts
 * once), per keyword class (`classOf`; names it does not know count as `unlisted`) and per kind.
 */
export function evaluate(
  texts: readonly LabeledText[],
  match: (text: string) => readonly string[],
  classOf: (keyword: string) => string | undefined,
): Evaluation {
  const micro = emptyCounts();
  const byClass = new Map<string, Counts>();
  const byKind = { job: emptyCounts(), github: emptyCounts() };
  const mistakes: TextResult[] = [];
  const tally = (keyword: string, kind: LabeledText['kind'], field: keyof Counts) => {
    const klass = classOf(keyword) ?? 'unlisted';
    let counts = byClass.get(klass);
    if (counts === undefined) byClass.set(klass, (counts = emptyCounts()));
    counts[field] += 1;
    byKind[kind][field] += 1;
    micro[field] += 1;
  };
  for (const text of texts) {
    const predicted = new Set(match(text.text));
    const expected = new Set(text.expected);
    for (const keyword of predicted) {
      tally(keyword, text.kind, expected.has(keyword) ? 'truePositives' : 'falsePositives');
    }
    for (const keyword of expected)
      if (!predicted.has(keyword)) tally(keyword, text.kind, 'falseNegatives');
    const missed = [...expected].filter((keyword) => !predicted.has(keyword)).sort();
    const extra = [...predicted].filter((keyword) => !expected.has(keyword)).sort();
    if (missed.length > 0 || extra.length > 0) mistakes.push({ id: text.id, missed, extra });
  }
  return {
    micro: score(micro),
    byClass: Object.fromEntries(
      [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, score(c)]),
    ),
    byKind: { job: score(byKind.job), github: score(byKind.github) },
    mistakes,
  };
}

/** `classOf` for `evaluate`, from a keyword list. */
export function classesOf(list: KeywordList): (keyword: string) => string | undefined {
  const classes = new Map(list.keywords.map((entry) => [entry.name, entry.class as string]));
  return (keyword) => classes.get(keyword);
}
