import type { SpiderBinding } from '../engine/crawl-manager';
import { ValidatingItemSink } from '../engine/items/validating-item-sink';
import type { ScraperMetrics } from '../metrics';
import { createSpider, SPIDER_NAMES, type SpiderName, type SpiderSettings } from '../spiders';
import type { ScraperKafka } from './scraper-kafka';

/** Every registered spider, bound to its output topic's sink and dead letters. */
export class SpiderBindings {
  private readonly bindings = new Map<SpiderName, SpiderBinding>();

  constructor(settings: SpiderSettings, kafka: ScraperKafka, metrics: ScraperMetrics) {
    for (const name of SPIDER_NAMES) {
      const { spider, topic } = createSpider(name, settings);
      const output = kafka.output(topic.topic);
      this.bindings.set(name, {
        spider,
        sink: new ValidatingItemSink(
          topic,
          output.transport,
          output.seen,
          (spiderName, outcome, count) => {
            if (count > 0) metrics.items.inc({ spider: spiderName, outcome }, count);
            if (outcome === 'invalid' && count > 0)
              metrics.deadLetters.inc({ reason: 'schema_invalid' }, count);
          },
        ),
        deadLetters: output.deadLetters,
      });
    }
  }

  get(name: SpiderName): SpiderBinding {
    const binding = this.bindings.get(name);
    if (!binding) throw new Error(`spider ${name} is not bound`);
    return binding;
  }

  /** The binding of a spider named in a persisted crawl, if it is still registered. */
  find(name: string): SpiderBinding | undefined {
    return this.bindings.get(name as SpiderName);
  }
}

/** The topics the registered spiders write to (registry names, without namespace). */
export function spiderTopics(settings: SpiderSettings): string[] {
  return SPIDER_NAMES.map((name) => createSpider(name, settings).topic.topic);
}
