import type { CrawlContext } from './crawl-context';
import { frontierKey } from './frontier/entries';
import { FetchError } from './http/fetcher';
import { classifyStatus } from './http/status-policy';
import { onPause } from './page-task';
import type { DomainThrottle } from './politeness/domain-throttle';
import type { RobotsAnswer } from './robots/robots-cache';

/** RFC 9309: crawlers should follow at least five redirects for robots.txt. */
const MAX_ROBOTS_REDIRECTS = 5;

/**
 * Fetches an origin's robots.txt in the domain slot reserved for it (it counts against the cap and
 * the delay like any request), records the rules and applies their Crawl-delay to the domain.
 */
export async function runRobotsTask(
  context: CrawlContext,
  origin: string,
  throttle: DomainThrottle,
): Promise<void> {
  const { services } = context;
  services.robots.begin(origin);
  let answer: RobotsAnswer = { kind: 'error' };
  let latencyMs = 0;
  let status = 0;
  try {
    const at = services.clock();
    await context.append([{ key: frontierKey.domain(throttle.domain), value: throttle.state(at) }]);
    throttle.started(services.clock());
    let url = `${origin}/robots.txt`;
    for (let hop = 0; ; hop++) {
      const fetched = await services.fetcher.fetch(url, {}, context.abortSignal);
      latencyMs = fetched.latencyMs;
      status = fetched.status;
      services.metrics.pages.inc({
        spider: context.spider.name,
        domain: throttle.domain,
        status: String(status),
      });
      services.metrics.bytes.inc({ domain: throttle.domain }, fetched.wireBytes);
      const location = fetched.headers.location;
      if (
        classifyStatus(status, location !== undefined) === 'redirect' &&
        hop < MAX_ROBOTS_REDIRECTS
      ) {
        const next = new URL(location ?? '', url);
        if (next.origin !== origin) break;
        url = next.href;
        // The hop goes out at once, in the same slot, but counts against the cap like any start.
        throttle.countStart(services.clock());
        continue;
      }
      answer = { kind: 'response', status, text: fetched.body.toString('utf8') };
      break;
    }
  } catch (error) {
    if (error instanceof FetchError) {
      services.metrics.pages.inc({
        spider: context.spider.name,
        domain: throttle.domain,
        status: error.kind,
      });
    }
  }
  const now = services.clock();
  const pause = throttle.finished(
    answer.kind === 'response' ? { kind: 'response', status, latencyMs } : { kind: 'error' },
    now,
  );
  services.slots.release();
  if (pause) onPause(context, throttle, pause);
  if (context.abortSignal.aborted && answer.kind === 'error') {
    services.robots.abandon(origin);
  } else {
    const rules = services.robots.complete(origin, answer, now);
    throttle.setCrawlDelay(rules.crawlDelayMs ?? 0);
    services.logger.info(
      {
        origin,
        status: answer.kind === 'response' ? status : 'error',
        rules: rules.source,
        crawlDelayMs: rules.crawlDelayMs ?? null,
      },
      'robots.txt read',
    );
  }
  services.wakeup.notify();
}
