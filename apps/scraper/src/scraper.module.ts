import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@tributary/runtime/app';
import { CrawlCommandModule } from './command/command.module';
import type { ScraperConfig } from './config/env';
import { CrawlingModule } from './crawling/crawling.module';
import { createScraperMetrics, SCRAPER_METRICS } from './metrics';
import { ScheduleCrawlsModule } from './schedule/schedule.module';

/** The root of the scraper: its metrics (global), the engine, and what feeds it: the schedule or one crawl. */
@Module({})
export class ScraperModule {
  static register(config: ScraperConfig, command: 'serve' | 'crawl'): DynamicModule {
    const crawling = CrawlingModule.register(config);
    return {
      module: ScraperModule,
      global: true,
      imports: [
        command === 'serve'
          ? ScheduleCrawlsModule.register(config, crawling)
          : CrawlCommandModule.register(crawling),
      ],
      providers: [
        {
          provide: SCRAPER_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => createScraperMetrics(registry),
        },
      ],
      exports: [SCRAPER_METRICS],
    };
  }
}
