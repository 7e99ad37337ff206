import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import { LOGGER } from '@tributary/runtime/app';
import { SpiderBindings } from '../crawling/spider-bindings';
import { CrawlManager } from '../engine/crawl-manager';
import { CrawlCommand } from './crawl-command';

/** `scraper crawl …`: the engine without the schedule, and the command that runs one crawl. */
@Module({})
export class CrawlCommandModule {
  static register(crawling: DynamicModule): DynamicModule {
    return {
      module: CrawlCommandModule,
      imports: [crawling],
      providers: [
        {
          provide: CrawlCommand,
          inject: [CrawlManager, SpiderBindings, LOGGER],
          useFactory: (manager: CrawlManager, bindings: SpiderBindings, logger: Logger) =>
            new CrawlCommand(manager, bindings, logger, (line) =>
              process.stderr.write(`${line}\n`),
            ),
        },
      ],
      exports: [CrawlCommand],
    };
  }
}
