import { runApp, type AppDefinition } from '@tributary/runtime/app';
import { parseCommand, USAGE, UsageError, type Command } from './cli';
import { CrawlCommand } from './command/crawl-command';
import { loadConfig, type ScraperConfig } from './config/env';
import { ScraperModule } from './scraper.module';

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
  const app: AppDefinition<ScraperConfig> = {
    name: 'scraper',
    loadConfig,
    rootModule: (config) => ScraperModule.register(config, command.name),
  };
  void runApp(
    app,
    command.name === 'crawl'
      ? {
          command: async (context, signal) => {
            await context
              .get(CrawlCommand)
              .run(command.spider, command.range, { refresh: command.refresh }, signal);
          },
        }
      : {},
  );
}
