import { parseCommandLine, UsageError } from '@tributary/runtime/app';
import type { CrawlRange } from './engine/spider';
import { SPIDER_NAMES, type SpiderName } from './spiders';
import { isoDateMs } from './spiders/dates';

export const USAGE = `usage:
  scraper                                       the service: resume unfinished crawls, crawl
                                                SCRAPER_INITIAL_FROM..TO once, then yesterday's
                                                games every day at SCRAPER_SCHEDULE_CRON (UTC)
  scraper crawl <spider> --from 2024-11-01 --to 2024-11-05 [--refresh]
                                                one crawl of a date range (both included), with
                                                progress; resumed where a killed run left it.
                                                --refresh ignores ETags from earlier crawls
spiders: ${SPIDER_NAMES.join(', ')}`;

export type Command =
  { name: 'serve' } | { name: 'crawl'; spider: SpiderName; range: CrawlRange; refresh: boolean };

function date(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`crawl needs ${flag}`);
  if (isoDateMs(value) === undefined)
    throw new UsageError(`${flag} must be a date like 2024-11-05`);
  return value;
}

export function parseCommand(args: string[]): Command | { name: 'help' } {
  const { positionals, values } = parseCommandLine(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    refresh: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) return { name: 'help' };
  const [name = 'serve', spider, ...rest] = positionals;
  if (name === 'serve' && positionals.length <= 1) return { name: 'serve' };
  if (name !== 'crawl') throw new UsageError(`unknown command "${name}"`);
  if (spider === undefined) throw new UsageError('crawl needs a spider');
  if (!(SPIDER_NAMES as readonly string[]).includes(spider))
    throw new UsageError(`unknown spider "${spider}"`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0] ?? ''}"`);
  const range = { from: date(values.from, '--from'), to: date(values.to, '--to') };
  if (range.to < range.from) throw new UsageError('--to must not be before --from');
  return { name: 'crawl', spider: spider as SpiderName, range, refresh: values.refresh ?? false };
}
