import robotsParser from 'robots-parser';

/** What robots.txt says to one agent about one origin. */
export interface RobotsRules {
  /** Why these rules apply: the file was read, is absent (4xx) or could not be read. */
  readonly source: 'file' | 'absent' | 'unreachable';
  isAllowed(url: string): boolean;
  /** Crawl-delay for our agent (its own group, else `*`), in ms; undefined when none. */
  readonly crawlDelayMs: number | undefined;
}

/**
 * The robots.txt of `robotsUrl`'s origin, parsed with robots-parser (Google's matching: the longest
 * rule wins, Allow on ties, `*` and `$` wildcards). `agent` is our product token ("tributary-scraper"):
 * its group applies when present, else `*`. A URL on another origin is never allowed by these rules.
 */
export function parseRobots(robotsUrl: string, text: string, agent: string): RobotsRules {
  const robots = robotsParser(robotsUrl, text);
  const delayS = robots.getCrawlDelay(agent);
  return {
    source: 'file',
    isAllowed: (url) => robots.isAllowed(url, agent) === true,
    crawlDelayMs:
      delayS === undefined || !Number.isFinite(delayS) || delayS < 0 ? undefined : delayS * 1000,
  };
}

/** RFC 9309 §2.3.1.3: a robots.txt that is "unavailable" (4xx) puts no restriction on crawling. */
export function absentRobots(): RobotsRules {
  return { source: 'absent', isAllowed: () => true, crawlDelayMs: undefined };
}

/** RFC 9309 §2.3.1.4: while robots.txt is "unreachable" (5xx, network), assume everything is disallowed. */
export function unreachableRobots(): RobotsRules {
  return { source: 'unreachable', isAllowed: () => false, crawlDelayMs: undefined };
}
