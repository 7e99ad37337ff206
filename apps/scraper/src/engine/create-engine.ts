import type { Logger } from '@tributary/runtime';
import type { ScraperMetrics } from '../metrics';
import { CrawlManager } from './crawl-manager';
import type { EngineOptions, EngineServices } from './engine-services';
import type { FrontierStore } from './frontier/entries';
import { Fetcher, type FetcherOptions } from './http/fetcher';
import type { ThrottleOptions } from './politeness/domain-throttle';
import { DomainThrottles } from './politeness/domain-throttles';
import { RobotsCache, type RobotsCacheOptions } from './robots/robots-cache';
import { Slots } from './support/slots';
import { Wakeup } from './support/wakeup';

/** Everything that decides how the engine behaves, from the app's config. */
export interface EngineConfig {
  fetch: FetcherOptions;
  throttle: ThrottleOptions;
  robots: RobotsCacheOptions;
  /** Requests in flight at once, all domains together. */
  maxConcurrency: number;
  engine: EngineOptions;
}

/** The shared services and the crawl manager over them. */
export function createEngine(
  config: EngineConfig,
  deps: { store: FrontierStore; metrics: ScraperMetrics; logger: Logger; clock?: () => number },
): { services: EngineServices; manager: CrawlManager } {
  const clock = deps.clock ?? Date.now;
  const services: EngineServices = {
    fetcher: new Fetcher(config.fetch),
    throttles: new DomainThrottles(config.throttle),
    robots: new RobotsCache(config.robots),
    store: deps.store,
    validators: new Map(),
    slots: new Slots(config.maxConcurrency),
    wakeup: new Wakeup(),
    metrics: deps.metrics,
    logger: deps.logger,
    clock,
    options: config.engine,
  };
  deps.metrics.sources.domains = () =>
    [...services.throttles.all()].map((throttle) => {
      const pause = throttle.pause(clock());
      return {
        domain: throttle.domain,
        delayS: throttle.delayMs / 1000,
        pausedS: pause ? (pause.untilMs - clock()) / 1000 : 0,
      };
    });
  const manager = new CrawlManager(services);
  deps.metrics.sources.frontier = () =>
    manager.active.flatMap((run) =>
      Object.entries(run.context.frontier.counts).map(([state, count]) => ({
        spider: run.context.spider.name,
        state,
        count,
      })),
    );
  return { services, manager };
}
