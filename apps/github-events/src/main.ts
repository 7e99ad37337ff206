import { runCommandLine } from '@tributary/runtime/app';
import { BackfillCommand } from './backfill/backfill.module';
import { parseCommand, USAGE } from './cli';
import { loadConfig } from './config/env';
import { GithubEventsModule } from './github-events.module';

runCommandLine({
  usage: USAGE,
  parse: parseCommand,
  name: 'github-events',
  loadConfig,
  rootModule: (config, command) => GithubEventsModule.register(config, command.name),
  oneOff: (command) =>
    command.name === 'backfill'
      ? async (context, signal) => {
          await context.get(BackfillCommand).run(command.range, signal);
        }
      : undefined,
});
