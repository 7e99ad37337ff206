import { runCommandLine } from '@tributary/runtime/app';
import { parseCommand, USAGE } from './cli';
import { CrawlCommand } from './command/crawl-command';
import { loadConfig } from './config/env';
import { ScraperModule } from './scraper.module';

runCommandLine({
  usage: USAGE,
  parse: parseCommand,
  name: 'scraper',
  loadConfig,
  rootModule: (config, command) => ScraperModule.register(config, command.name),
  oneOff: (command) =>
    command.name === 'crawl'
      ? async (context, signal) => {
          await context
            .get(CrawlCommand)
            .run(command.spider, command.range, { refresh: command.refresh }, signal);
        }
      : undefined,
});
