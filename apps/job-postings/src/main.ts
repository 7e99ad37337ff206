import { runCommandLine } from '@tributary/runtime/app';
import { parseCommand, USAGE } from './cli';
import { CollectCommand } from './collect/collect-command';
import { loadConfig } from './config/env';
import { JobPostingsModule } from './job-postings.module';

runCommandLine({
  usage: USAGE,
  parse: parseCommand,
  name: 'job-postings',
  loadConfig,
  rootModule: (config, command) => JobPostingsModule.register(config, command.name),
  // A run finishes the page it is on; a request may take the HTTP timeout (20 s) first.
  shutdownTimeoutMs: 40_000,
  oneOff: (command) =>
    command.name === 'collect'
      ? async (context, signal) => {
          await context.get(CollectCommand).run(command.source, signal);
        }
      : undefined,
});
