import { parseCommandLine, UsageError } from '@tributary/runtime/app';
import { parseHour } from './backfill/backfill';

export const USAGE = `usage:
  github-events                                   poll GET /events continuously (default)
  github-events backfill --from 2025-01-15T00 --to 2025-01-15T23
                                                  stream GH Archive hours (UTC, inclusive) into the same topic`;

export type Command = { name: 'poll' } | { name: 'backfill'; range: { from: Date; to: Date } };

export function parseCommand(args: string[]): Command | { name: 'help' } {
  const { positionals, values } = parseCommandLine(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    help: { type: 'boolean' },
  });
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
