import type { Logger } from '@tributary/runtime';
import type { CrawlManager } from '../engine/crawl-manager';
import type { CrawlSummary } from '../engine/crawl-run';
import type { CrawlRange } from '../engine/spider';
import type { SpiderBindings } from '../crawling/spider-bindings';
import type { SpiderName } from '../spiders';
import { progressLine } from './progress';

/** `scraper crawl <spider> --from … --to …`: one crawl (resumed if a killed run left it), with progress. */
export class CrawlCommand {
  constructor(
    private readonly manager: CrawlManager,
    private readonly bindings: SpiderBindings,
    private readonly logger: Logger,
    private readonly write: (line: string) => void,
    private readonly progressEveryMs = 5_000,
  ) {}

  async run(
    spider: SpiderName,
    range: CrawlRange,
    options: { refresh: boolean },
    signal: AbortSignal,
  ): Promise<CrawlSummary> {
    const run = await this.manager.start(this.bindings.get(spider), range, options);
    const stop = () => run.stop();
    signal.addEventListener('abort', stop, { once: true });
    const timer = setInterval(
      () => this.write(progressLine(run.summary('running'))),
      this.progressEveryMs,
    );
    try {
      const summary = await this.manager.run(run);
      this.write(progressLine(summary));
      this.logger.info({ ...summary }, 'crawl command done');
      return summary;
    } finally {
      clearInterval(timer);
      signal.removeEventListener('abort', stop);
    }
  }
}
