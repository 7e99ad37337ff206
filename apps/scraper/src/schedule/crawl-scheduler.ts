import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { Logger } from '@tributary/runtime';
import type { AppControl } from '@tributary/runtime/app';
import type { ScraperConfig } from '../config/env';
import type { CrawlManager, SpiderBinding } from '../engine/crawl-manager';
import type { CrawlRange } from '../engine/spider';
import type { SpiderBindings } from '../crawling/spider-bindings';
import { yesterdayOf } from '../spiders/dates';

const DAILY_JOB = 'daily-crawl';

/**
 * `scraper` (the service): resumes the crawls a killed process left unfinished, crawls
 * SCRAPER_INITIAL_FROM..TO once (skipped once finished), and every day at SCRAPER_SCHEDULE_CRON
 * (UTC) crawls yesterday's games with each spider of SCRAPER_SPIDERS.
 */
export class CrawlScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private stopping = false;

  constructor(
    private readonly config: ScraperConfig,
    private readonly manager: CrawlManager,
    private readonly bindings: SpiderBindings,
    private readonly scheduler: SchedulerRegistry,
    private readonly control: AppControl,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  onApplicationBootstrap(): void {
    for (const crawl of this.manager.unfinished()) {
      const binding = this.bindings.find(crawl.spider);
      if (binding) this.launch(binding, crawl.range, 'resumed');
      else
        this.logger.warn(
          { crawlId: crawl.crawlId },
          'an unfinished crawl of a spider no longer registered',
        );
    }
    const initial = this.config.initialRange;
    if (initial) {
      for (const spider of this.config.spiders) {
        if (this.manager.status(spider, initial) === 'new')
          this.launch(this.bindings.get(spider), initial, 'initial range');
      }
    }
    const job = CronJob.from({
      cronTime: this.config.scheduleCron,
      timeZone: 'UTC',
      start: true,
      onTick: () => this.daily(),
    });
    this.scheduler.addCronJob(DAILY_JOB, job);
    this.logger.info(
      {
        spiders: this.config.spiders,
        cron: this.config.scheduleCron,
        next: job.nextDate().toISO(),
      },
      'daily crawl scheduled',
    );
  }

  /** Yesterday's games, once per spider (a crawl already running or finished is left alone). */
  daily(): void {
    const day = yesterdayOf(this.clock());
    for (const spider of this.config.spiders) {
      if (this.manager.status(spider, { from: day, to: day }) === 'new') {
        this.launch(this.bindings.get(spider), { from: day, to: day }, 'daily');
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.scheduler.doesExist('cron', DAILY_JOB)) {
      await this.scheduler.getCronJob(DAILY_JOB).stop();
      this.scheduler.deleteCronJob(DAILY_JOB);
    }
  }

  private launch(binding: SpiderBinding, range: CrawlRange, why: string): void {
    if (this.stopping) return;
    this.logger.info({ spider: binding.spider.name, ...range, why }, 'starting a crawl');
    this.manager
      .start(binding, range)
      .then((run) => this.manager.run(run))
      .catch((error: unknown) => {
        if (!this.stopping)
          this.control.fail(
            `the crawl of ${binding.spider.name} ${range.from}..${range.to} failed`,
            error,
          );
      });
  }
}
