import { runApp, type AppDefinition } from '@tributary/runtime/app';
import { parseCommand, USAGE, UsageError, type Command } from './cli';
import { CollectCommand } from './collect/collect-command';
import { loadConfig, type JobPostingsConfig } from './config/env';
import { JobPostingsModule } from './job-postings.module';

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
  const app: AppDefinition<JobPostingsConfig> = {
    name: 'job-postings',
    loadConfig,
    rootModule: (config) => JobPostingsModule.register(config, command.name),
    // A run finishes the page it is on; a request may take the HTTP timeout (20 s) first.
    shutdownTimeoutMs: 40_000,
  };
  void runApp(
    app,
    command.name === 'collect'
      ? {
          command: async (context, signal) => {
            await context.get(CollectCommand).run(command.source, signal);
          },
        }
      : {},
  );
}
