import type { CrawlSummary } from '../engine/crawl-run';

const count = (value: number) => value.toLocaleString('en-US');

/** One human line about a crawl, printed while it runs and when it ends. */
export function progressLine(summary: CrawlSummary): string {
  const { pages, counters, range } = summary;
  const seconds = Math.round(summary.durationMs / 1000);
  return (
    `${summary.spider} ${range.from}..${range.to} ${summary.outcome} after ${seconds} s: ` +
    `${count(pages.done)} pages done, ${count(pages.failed)} failed, ${count(pages.open)} to go; ` +
    `${count(counters.itemsPublished)} items published (${count(counters.itemsDuplicate)} already published, ` +
    `${count(counters.itemsInvalid)} invalid); ${count(counters.fetches)} fetches, ${count(counters.retries)} retries, ` +
    `${count(counters.notModified)} not modified, ${count(counters.robotsBlocked)} blocked by robots.txt, ` +
    `${count(counters.deadLetters)} dead-lettered`
  );
}
