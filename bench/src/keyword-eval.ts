import {
  classesOf,
  evaluate,
  KeywordMatcher,
  loadDefaultKeywordList,
  loadEvalSet,
  unknownLabels,
  type Evaluation,
  type Score,
} from '@tributary/keywords';
import { KeywordMatcher as PreviousKeywordMatcher } from './baseline/keyword-matcher';
import { loadPreviousList } from './baseline/previous-list';
import { round, writeResult } from './lib/report';

/**
 * Keyword quality: precision and recall of the shipped list + matcher on the hand-labeled texts in
 * packages/keywords/eval, micro, per keyword class and per kind of text, against the previous list
 * version with the previous matcher (bench/src/baseline), both scored with the current labels and
 * classes (a name the current list does not have counts as `unlisted`).
 */
function main(): void {
  const texts = loadEvalSet();
  const list = loadDefaultKeywordList();
  const unknown = unknownLabels(texts, list);
  if (unknown.length > 0) {
    throw new Error(
      `the evaluation set names keywords the list does not have: ${unknown.join(', ')}`,
    );
  }
  const classOf = classesOf(list);
  const current = new KeywordMatcher(list);
  const previousList = loadPreviousList();
  const previous = new PreviousKeywordMatcher(previousList);
  const ours = evaluate(texts, (text) => current.match(text), classOf);
  const theirs = evaluate(texts, (text) => previous.match(text), classOf);

  const percent = (value: number) =>
    Number.isNaN(value) ? '   n/a' : `${(value * 100).toFixed(1)} %`.padStart(7);
  const labels = (score: Score) => score.truePositives + score.falseNegatives;
  const row = (name: string, a: Score, b: Score | undefined) =>
    `  ${name.padEnd(18)} ${String(labels(a)).padStart(6)}   ${percent(a.precision)} ${percent(a.recall)}   ${b ? `${percent(b.precision)} ${percent(b.recall)}` : ''}`;
  const classes = [
    ...new Set([...Object.keys(ours.byClass), ...Object.keys(theirs.byClass)]),
  ].sort();
  const empty: Score = {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    precision: Number.NaN,
    recall: Number.NaN,
  };
  const jobs = texts.filter((text) => text.kind === 'job').length;
  const lines = [
    `keyword quality on ${texts.length} labeled texts (${jobs} job postings, ${texts.length - jobs} GitHub texts, ${texts.filter((text) => text.expected.length === 0).length} naming no keyword)`,
    `  ${''.padEnd(18)} ${'labels'.padStart(6)}   current ${list.version} (${list.keywords.length} keywords)   previous ${previousList.version} (${previousList.keywords.length})`,
    `  ${''.padEnd(18)} ${''.padStart(6)}   precision  recall   precision  recall`,
    row('micro', ours.micro, theirs.micro),
    row('job postings', ours.byKind.job, theirs.byKind.job),
    row('github texts', ours.byKind.github, theirs.byKind.github),
    ...classes.map((klass) =>
      row(klass, ours.byClass[klass] ?? empty, theirs.byClass[klass] ?? empty),
    ),
    `  current: ${ours.micro.falsePositives} false positives, ${ours.micro.falseNegatives} misses in ${ours.mistakes.length} texts (listed in the result file)`,
  ];
  const summary = (evaluation: Evaluation) => ({
    micro: rounded(evaluation.micro),
    byKind: { job: rounded(evaluation.byKind.job), github: rounded(evaluation.byKind.github) },
    byClass: Object.fromEntries(
      Object.entries(evaluation.byClass).map(([klass, score]) => [klass, rounded(score)]),
    ),
    mistakes: evaluation.mistakes,
  });
  writeResult(
    'keyword-eval',
    {
      node: process.version,
      texts: texts.length,
      jobPostings: jobs,
      githubTexts: texts.length - jobs,
      current: { version: list.version, keywords: list.keywords.length, ...summary(ours) },
      previous: {
        version: previousList.version,
        keywords: previousList.keywords.length,
        ...summary(theirs),
      },
    },
    lines.join('\n'),
  );
}

function rounded(score: Score) {
  return { ...score, precision: round(score.precision, 4), recall: round(score.recall, 4) };
}

main();
