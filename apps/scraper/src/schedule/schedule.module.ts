import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import type { Logger } from '@tributary/runtime';
import { AppControl, LOGGER } from '@tributary/runtime/app';
import type { ScraperConfig } from '../config/env';
import { SpiderBindings } from '../crawling/spider-bindings';
import { CrawlManager } from '../engine/crawl-manager';
import { CrawlScheduler } from './crawl-scheduler';

/** `scraper` (the default command): resume, the initial range, then the daily crawl. */
@Module({})
export class ScheduleCrawlsModule {
  static register(config: ScraperConfig, crawling: DynamicModule): DynamicModule {
    return {
      module: ScheduleCrawlsModule,
      imports: [crawling, ScheduleModule.forRoot()],
      providers: [
        {
          provide: CrawlScheduler,
          inject: [CrawlManager, SpiderBindings, SchedulerRegistry, AppControl, LOGGER],
          useFactory: (
            manager: CrawlManager,
            bindings: SpiderBindings,
            scheduler: SchedulerRegistry,
            control: AppControl,
            logger: Logger,
          ) => new CrawlScheduler(config, manager, bindings, scheduler, control, logger),
        },
      ],
    };
  }
}
