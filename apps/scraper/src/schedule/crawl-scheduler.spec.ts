import type { SchedulerRegistry } from '@nestjs/schedule';
import { createLogger } from '@tributary/runtime';
import type { AppControl } from '@tributary/runtime/app';
import { loadConfig } from '../config/env';
import type { SpiderBindings } from '../crawling/spider-bindings';
import type { CrawlManager, CrawlStatus, SpiderBinding } from '../engine/crawl-manager';
import type { CrawlRange } from '../engine/spider';
import { CrawlScheduler } from './crawl-scheduler';

function fakes(
  statuses: Record<string, CrawlStatus>,
  unfinished: { crawlId: string; spider: string; range: CrawlRange }[] = [],
) {
  const started: string[] = [];
  const manager = {
    unfinished: () => unfinished,
    status: (spider: string, range: CrawlRange) =>
      statuses[`${spider}:${range.from}:${range.to}`] ?? 'new',
    start: (binding: SpiderBinding, range: CrawlRange) => {
      started.push(`${binding.spider.name}:${range.from}:${range.to}`);
      return Promise.resolve({});
    },
    run: () => Promise.resolve({}),
  } as unknown as CrawlManager;
  const bindings = {
    get: (name: string) => ({ spider: { name } }),
    find: (name: string) => (name === 'gone' ? undefined : { spider: { name } }),
  } as unknown as SpiderBindings;
  const jobs = new Map<string, { stop: () => Promise<void> }>();
  const registry = {
    addCronJob: (name: string, job: { stop: () => Promise<void> }) => jobs.set(name, job),
    doesExist: (_kind: string, name: string) => jobs.has(name),
    getCronJob: (name: string) => jobs.get(name),
    deleteCronJob: (name: string) => jobs.delete(name),
  } as unknown as SchedulerRegistry;
  return { manager, bindings, registry, started, jobs };
}

describe('the daily schedule', () => {
  const logger = createLogger({ app: 'test', level: 'silent' });
  const control = { fail: () => undefined } as unknown as AppControl;

  it('resumes unfinished crawls, crawls the initial range unless finished, and schedules yesterday', async () => {
    const config = loadConfig({
      TRIBUTARY_KAFKA_BROKERS: 'k:1',
      SCRAPER_SPIDERS: 'shot-charts,shot-charts-api',
      SCRAPER_INITIAL_FROM: '2024-10-22',
      SCRAPER_INITIAL_TO: '2024-12-31',
    });
    const { manager, bindings, registry, started, jobs } = fakes(
      { 'shot-charts-api:2024-10-22:2024-12-31': 'finished' },
      [
        {
          crawlId: 'shot-charts:2024-11-01:2024-11-01',
          spider: 'shot-charts',
          range: { from: '2024-11-01', to: '2024-11-01' },
        },
        {
          crawlId: 'gone:2024-11-01:2024-11-01',
          spider: 'gone',
          range: { from: '2024-11-01', to: '2024-11-01' },
        },
      ],
    );
    const now = Date.UTC(2025, 0, 15, 6, 30);
    const scheduler = new CrawlScheduler(
      config,
      manager,
      bindings,
      registry,
      control,
      logger,
      () => now,
    );
    scheduler.onApplicationBootstrap();
    expect(started).toEqual([
      'shot-charts:2024-11-01:2024-11-01',
      'shot-charts:2024-10-22:2024-12-31',
    ]);
    expect(jobs.size).toBe(1);

    started.length = 0;
    scheduler.daily();
    expect(started).toEqual([
      'shot-charts:2025-01-14:2025-01-14',
      'shot-charts-api:2025-01-14:2025-01-14',
    ]);
    await scheduler.onModuleDestroy();
    expect(jobs.size).toBe(0);
  });
});
