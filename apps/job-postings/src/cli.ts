import { parseCommandLine, UsageError } from '@tributary/runtime/app';
import { JOB_SOURCES, type JobSource } from '@tributary/schemas';

export const USAGE = `usage:
  job-postings                                   collect every enabled source on its schedule (default)
  job-postings collect --source <name> --once    one run of one source, then exit
sources: ${JOB_SOURCES.join(', ')}`;

export type Command = { name: 'serve' } | { name: 'collect'; source: JobSource };

export function parseCommand(args: string[]): Command | { name: 'help' } {
  const { positionals, values } = parseCommandLine(args, {
    source: { type: 'string' },
    once: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return { name: 'help' };
  const name = positionals[0] ?? 'serve';
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (name === 'serve') {
    if (values.source || values.once) throw new UsageError('--source and --once belong to collect');
    return { name };
  }
  if (name !== 'collect') throw new UsageError(`unknown command "${name}"`);
  if (!values.source) throw new UsageError('collect needs --source <name>');
  if (!values.once) throw new UsageError('collect runs once: pass --once');
  if (!(JOB_SOURCES as readonly string[]).includes(values.source)) {
    throw new UsageError(`unknown source "${values.source}"`);
  }
  return { name, source: values.source as JobSource };
}
