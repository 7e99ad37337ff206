// The spider engine, usable without Nest (benchmarks, tests): build it with createEngine.
export { createEngine, type EngineConfig } from './create-engine';
export { CrawlManager, crawlIdOf, type SpiderBinding } from './crawl-manager';
export type { CrawlRun, CrawlSummary } from './crawl-run';
export type { EngineOptions, EngineServices } from './engine-services';
export { MemoryFrontierStore, type FrontierStore } from './frontier/entries';
export { CrawlResponse } from './http/crawl-response';
export type { ItemSink, PageDeadLetter, PageDeadLetters } from './items/item-sink';
export { SeenKeys } from './items/seen-keys';
export {
  ValidatingItemSink,
  type ItemTransport,
  type OutgoingItem,
} from './items/validating-item-sink';
export type { ThrottleOptions } from './politeness/domain-throttle';
export type { CrawlRequest, RequestSpec } from './request';
export { PageParseError, type CrawlRange, type Spider, type SpiderOutput } from './spider';
export { createScraperMetrics, type ScraperMetrics } from '../metrics';
