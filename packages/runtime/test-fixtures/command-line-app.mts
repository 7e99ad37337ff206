// An app with commands on the runtime skeleton, run by src/app/command-line.spec.ts as a child process
// (Node's type stripping, the built dist/). `greet --name X` is a one-off command; no command serves.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { parseCommandLine, runCommandLine, UsageError } from '../dist/app/index.js';

type Command = { name: 'serve' } | { name: 'greet'; who: string };

class EmptyModule {}
Module({})(EmptyModule);

const usage = 'usage:\n  command-line-app [greet --name <who>]';

runCommandLine<{ opsPort: number; logLevel: 'silent' }, Command>({
  name: 'command-line-app',
  usage,
  loadConfig: (env: NodeJS.ProcessEnv) => ({ opsPort: Number(env.OPS_PORT), logLevel: 'silent' }),
  parse: (args: string[]) => {
    const { values, positionals } = parseCommandLine(args, {
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return { name: 'help' };
    const [name = 'serve', ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    if (name === 'serve') return { name };
    if (name !== 'greet') throw new UsageError(`unknown command "${name}"`);
    if (!values.name) throw new UsageError('greet needs --name');
    return { name, who: values.name };
  },
  rootModule: () => EmptyModule,
  oneOff: (command: Command) =>
    command.name === 'greet'
      ? () => {
          process.stdout.write(`hello ${command.who}\n`);
          return Promise.resolve();
        }
      : undefined,
});
