import type {
  BeforeApplicationShutdown,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import type { CrawlManager } from '../engine/crawl-manager';
import type { EngineServices } from '../engine/engine-services';
import type { ScraperKafka } from './scraper-kafka';

/**
 * The engine in the app's shutdown: stop starting requests (intake), then let in-flight pages finish
 * — fetched, their items acknowledged, their state persisted — for up to the drain timeout, then
 * close the writers (the frontier is already durable: every change was persisted as it happened)
 * and the HTTP pool.
 */
export class ScraperLifecycle
  implements OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    private readonly manager: CrawlManager,
    private readonly services: EngineServices,
    private readonly kafka: ScraperKafka,
    private readonly logger: Logger,
  ) {}

  onModuleDestroy(): void {
    this.manager.stopAll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const inFlight = this.manager.active.reduce(
      (sum, run) => sum + run.context.frontier.inFlight,
      0,
    );
    if (inFlight > 0) this.logger.info({ inFlight }, 'finishing the pages in flight');
    await this.manager.drainAll(this.services.options.drainTimeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
    await this.services.fetcher.destroy();
  }
}
