import { parseArgs } from 'node:util';
import { parseHour } from './backfill/backfill';

export const USAGE = `usage:
  github-events                                   poll GET /events continuously (default)
  github-events backfill --from 2025-01-15T00 --to 2025-01-15T23
                                                  stream GH Archive hours (UTC, inclusive) into the same topic`;

export type Command =
  { name: 'poll' } | { name: 'backfill'; range: { from: Date; to: Date } } | { name: 'help' };

/** Thrown for a malformed command line; main prints it with the usage and exits 64. */
export class UsageError extends Error {}

export function parseCommand(args: string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help) return { name: 'help' };
  const name = positionals[0] ?? 'poll';
  if (name === 'poll') return { name };
  if (name !== 'backfill') throw new UsageError(`unknown command "${name}"`);
  if (!values.from || !values.to) throw new UsageError('backfill needs --from and --to');
  let range: { from: Date; to: Date };
  try {
    range = { from: parseHour(values.from, '--from'), to: parseHour(values.to, '--to') };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (range.to < range.from) throw new UsageError('--to must not be before --from');
  return { name, range };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } },
  });
}
