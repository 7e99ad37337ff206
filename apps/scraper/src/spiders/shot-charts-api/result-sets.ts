import { z } from 'zod';
import { PageParseError } from '../../engine/spider';

const StatsResponse = z.object({
  resultSets: z.array(
    z.object({
      name: z.string(),
      headers: z.array(z.string()),
      rowSet: z.array(z.array(z.unknown())),
    }),
  ),
});

export type StatsRow = Record<string, unknown>;

/**
 * The rows of one result set of a stats.nba.com answer (`resultSets[{name, headers, rowSet}]`) as
 * objects keyed by header. A missing set or a missing required header is a layout change.
 */
export function resultSetRows(
  body: unknown,
  name: string,
  required: readonly string[],
): StatsRow[] {
  const parsed = StatsResponse.safeParse(body);
  if (!parsed.success) {
    throw new PageParseError(
      'result_sets',
      `not a stats.nba.com answer: ${z.prettifyError(parsed.error)}`,
    );
  }
  const set = parsed.data.resultSets.find((candidate) => candidate.name === name);
  if (!set) throw new PageParseError('result_sets', `no result set ${name}`);
  const missing = required.filter((header) => !set.headers.includes(header));
  if (missing.length > 0) {
    throw new PageParseError('result_sets', `${name} lacks ${missing.join(', ')}`);
  }
  return set.rowSet.map((row) =>
    Object.fromEntries(set.headers.map((header, index) => [header, row[index]])),
  );
}
