import { SCRAPER_SHOT_CHARTS, type TopicSpec } from '@tributary/schemas';
import type { Spider } from '../engine/spider';
import { ShotChartsApiSpider } from './shot-charts-api/shot-charts-api.spider';
import { ShotChartsSpider } from './shot-charts/shot-charts.spider';

export { ShotChartsSpider } from './shot-charts/shot-charts.spider';
export { ShotChartsApiSpider } from './shot-charts-api/shot-charts-api.spider';
export { parseShotTip, type ShotTip } from './shot-charts/shot-tip';
export { chartPosition } from './shot-charts/court';

export const SPIDER_NAMES = ['shot-charts', 'shot-charts-api'] as const;
export type SpiderName = (typeof SPIDER_NAMES)[number];

export interface SpiderSettings {
  shotChartsUrl: string;
  shotChartsApiUrl: string;
  maxDepth?: number;
  maxPages?: number;
}

/** A spider and the topic its items go to. */
export interface SpiderDefinition {
  spider: Spider;
  topic: TopicSpec;
}

/** The registered spiders; adding one means a module in src/spiders and a line here. */
export function createSpider(name: SpiderName, settings: SpiderSettings): SpiderDefinition {
  const limits = {
    ...(settings.maxDepth === undefined ? {} : { maxDepth: settings.maxDepth }),
    ...(settings.maxPages === undefined ? {} : { maxPages: settings.maxPages }),
  };
  switch (name) {
    case 'shot-charts':
      return {
        spider: new ShotChartsSpider({ baseUrl: settings.shotChartsUrl, ...limits }),
        topic: SCRAPER_SHOT_CHARTS,
      };
    case 'shot-charts-api':
      return {
        spider: new ShotChartsApiSpider({ baseUrl: settings.shotChartsApiUrl, ...limits }),
        topic: SCRAPER_SHOT_CHARTS,
      };
  }
}
