import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ScraperMetrics = ReturnType<typeof createScraperMetrics>;

/** Read by the gauges at each scrape, so they never go stale. */
export interface GaugeSources {
  frontier: () => { spider: string; state: string; count: number }[];
  domains: () => { domain: string; delayS: number; pausedS: number }[];
}

/** Every metric the scraper exports; docs/scraper.md lists them. */
export function createScraperMetrics(registry: Registry) {
  const registers = [registry];
  const sources: GaugeSources = { frontier: () => [], domains: () => [] };
  return {
    /** What the gauges read at each scrape (set once the engine exists). */
    sources,
    pages: new Counter({
      name: 'tributary_scraper_pages_total',
      help: 'Fetches by spider, domain and outcome (HTTP status, or timeout / network / too-large / undecodable)',
      labelNames: ['spider', 'domain', 'status'],
      registers,
    }),
    bytes: new Counter({
      name: 'tributary_scraper_bytes_total',
      help: 'Response body bytes received over the wire, by domain',
      labelNames: ['domain'],
      registers,
    }),
    fetchLatency: new Histogram({
      name: 'tributary_scraper_fetch_latency_seconds',
      help: 'From sending a request to its response headers, by domain',
      labelNames: ['domain'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    items: new Counter({
      name: 'tributary_scraper_items_total',
      help: 'Items by spider and outcome: published (acknowledged by Kafka), duplicate (published before), invalid (dead-lettered)',
      labelNames: ['spider', 'outcome'],
      registers,
    }),
    parseFailures: new Counter({
      name: 'tributary_scraper_parse_failures_total',
      help: 'Pages a spider could not parse (layout drift, truncated HTML), by spider and reason',
      labelNames: ['spider', 'reason'],
      registers,
    }),
    robotsBlocked: new Counter({
      name: 'tributary_scraper_robots_blocked_total',
      help: 'Requests not sent because robots.txt disallows them, by domain',
      labelNames: ['domain'],
      registers,
    }),
    dropped: new Counter({
      name: 'tributary_scraper_requests_dropped_total',
      help: 'Requests a spider asked for that were never queued: offsite, too deep, over the page cap',
      labelNames: ['spider', 'reason'],
      registers,
    }),
    retries: new Counter({
      name: 'tributary_scraper_retries_total',
      help: 'Requests scheduled again after a failure, by domain and reason',
      labelNames: ['domain', 'reason'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'tributary_scraper_dead_letters_total',
      help: 'Pages and items sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
    }),
    domainDelay: new Gauge({
      name: 'tributary_scraper_domain_delay_seconds',
      help: 'The delay between request starts now in force per domain (minimum, Crawl-delay or adaptive, before jitter)',
      labelNames: ['domain'],
      registers,
      collect() {
        this.reset();
        for (const domain of sources.domains()) this.set({ domain: domain.domain }, domain.delayS);
      },
    }),
    domainPaused: new Gauge({
      name: 'tributary_scraper_domain_paused_seconds',
      help: 'Seconds left in a domain pause (retry-after, cool-down), 0 when none',
      labelNames: ['domain'],
      registers,
      collect() {
        this.reset();
        for (const domain of sources.domains()) this.set({ domain: domain.domain }, domain.pausedS);
      },
    }),
    coolDowns: new Counter({
      name: 'tributary_scraper_domain_cooldowns_total',
      help: 'Times a run of 429 answers stopped a domain for a cool-down',
      labelNames: ['domain'],
      registers,
    }),
    frontier: new Gauge({
      name: 'tributary_scraper_frontier_requests',
      help: 'Requests of running crawls by spider and state (queued, delayed retry, in flight, done, failed)',
      labelNames: ['spider', 'state'],
      registers,
      collect() {
        this.reset();
        for (const entry of sources.frontier())
          this.inc({ spider: entry.spider, state: entry.state }, entry.count);
      },
    }),
    crawls: new Counter({
      name: 'tributary_scraper_crawls_total',
      help: 'Crawls by spider and how they ended (finished, stopped)',
      labelNames: ['spider', 'outcome'],
      registers,
    }),
    publishRetries: new Counter({
      name: 'tributary_scraper_publish_retries_total',
      help: 'Item sends to Kafka that failed and were retried (items wait, nothing is dropped)',
      registers,
    }),
    frontierRecords: new Counter({
      name: 'tributary_scraper_frontier_records_total',
      help: 'Records appended to the durable frontier',
      registers,
    }),
  };
}

/** Injection token of the metrics object (a plain object, built once per registry). */
export const SCRAPER_METRICS = Symbol('SCRAPER_METRICS');
