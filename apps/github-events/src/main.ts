import { runApp, type AppDefinition } from '@tributary/runtime/app';
import { BackfillCommand } from './backfill/backfill.module';
import { parseCommand, USAGE, UsageError, type Command } from './cli';
import { loadConfig, type GithubEventsConfig } from './config/env';
import { GithubEventsModule } from './github-events.module';

function commandLine(): Command {
  try {
    return parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(64);
  }
}

const command = commandLine();
if (command.name === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else {
  const app: AppDefinition<GithubEventsConfig> = {
    name: 'github-events',
    loadConfig,
    rootModule: (config) => GithubEventsModule.register(config, command.name),
  };
  void runApp(
    app,
    command.name === 'backfill'
      ? {
          command: async (context, signal) => {
            await context.get(BackfillCommand).run(command.range, signal);
          },
        }
      : {},
  );
}
