import { Module, type DynamicModule } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { KAFKA_CLIENT, kafkaProviders, LOGGER } from '@tributary/runtime/app';
import { engineConfig } from '../config/engine-config';
import type { ScraperConfig } from '../config/env';
import { CrawlManager } from '../engine/crawl-manager';
import { createEngine } from '../engine/create-engine';
import type { EngineServices } from '../engine/engine-services';
import { SCRAPER_METRICS, type ScraperMetrics } from '../metrics';
import type { SpiderSettings } from '../spiders';
import { ScraperKafka } from './scraper-kafka';
import { ScraperLifecycle } from './scraper-lifecycle';
import { SpiderBindings, spiderTopics } from './spider-bindings';

const ENGINE_SERVICES = Symbol('ENGINE_SERVICES');

/**
 * The engine and what it needs: the Kafka client (and its readiness check), the scraper's topics,
 * the frontier read back, the spiders bound to their topics. What feeds it (the schedule, or one
 * crawl command) imports this module.
 */
@Module({})
export class CrawlingModule {
  static register(config: ScraperConfig): DynamicModule {
    const settings: SpiderSettings = {
      shotChartsUrl: config.shotChartsUrl,
      shotChartsApiUrl: config.shotChartsApiUrl,
      ...(config.maxDepth === undefined ? {} : { maxDepth: config.maxDepth }),
      ...(config.maxPages === undefined ? {} : { maxPages: config.maxPages }),
    };
    return {
      module: CrawlingModule,
      providers: [
        ...kafkaProviders<ScraperConfig>((current) => current.kafka),
        {
          provide: ScraperKafka,
          inject: [KAFKA_CLIENT, LOGGER, SCRAPER_METRICS],
          useFactory: (kafka: Kafka, logger: Logger, metrics: ScraperMetrics) =>
            ScraperKafka.connect(kafka, config, spiderTopics(settings), logger, metrics),
        },
        {
          provide: ENGINE_SERVICES,
          inject: [ScraperKafka, LOGGER, SCRAPER_METRICS],
          useFactory: async (kafka: ScraperKafka, logger: Logger, metrics: ScraperMetrics) => {
            const engine = createEngine(engineConfig(config), {
              store: kafka.store,
              metrics,
              logger,
            });
            await engine.manager.restore();
            return engine;
          },
        },
        {
          provide: CrawlManager,
          inject: [ENGINE_SERVICES],
          useFactory: (engine: { manager: CrawlManager }) => engine.manager,
        },
        {
          provide: SpiderBindings,
          inject: [ScraperKafka, SCRAPER_METRICS],
          useFactory: (kafka: ScraperKafka, metrics: ScraperMetrics) =>
            new SpiderBindings(settings, kafka, metrics),
        },
        {
          provide: ScraperLifecycle,
          inject: [CrawlManager, ENGINE_SERVICES, ScraperKafka, LOGGER],
          useFactory: (
            manager: CrawlManager,
            engine: { services: EngineServices },
            kafka: ScraperKafka,
            logger: Logger,
          ) => new ScraperLifecycle(manager, engine.services, kafka, logger),
        },
      ],
      exports: [CrawlManager, SpiderBindings],
    };
  }
}
