import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type GithubEventsMetrics = ReturnType<typeof createGithubEventsMetrics>;

/** Every metric github-events exports; names are listed in docs/github-events.md. */
export function createGithubEventsMetrics(registry: Registry) {
  const registers = [registry];
  return {
    polls: new Counter({
      name: 'tributary_github_polls_total',
      help: 'Requests to GET /events by outcome (200, 304, 403, 429, 5xx, error)',
      labelNames: ['outcome'],
      registers,
    }),
    eventsSeen: new Counter({
      name: 'tributary_github_events_seen_total',
      help: 'Distinct events received (after dedupe), by event type and source (api, archive)',
      labelNames: ['type', 'source'],
      registers,
    }),
    duplicates: new Counter({
      name: 'tributary_github_events_duplicate_total',
      help: 'Events dropped because their id was already seen (overlapping pages, restarts)',
      labelNames: ['source'],
      registers,
    }),
    eventsMatched: new Counter({
      name: 'tributary_github_events_matched_total',
      help: 'Events that matched at least one keyword, by event type',
      labelNames: ['type', 'source'],
      registers,
    }),
    keywordMatches: new Counter({
      name: 'tributary_github_keyword_matches_total',
      help: 'Matched events per keyword',
      labelNames: ['keyword'],
      registers,
    }),
    published: new Counter({
      name: 'tributary_github_events_published_total',
      help: 'Records acknowledged by a target',
      labelNames: ['target'],
      registers,
    }),
    publishFailures: new Counter({
      name: 'tributary_github_publish_failures_total',
      help: 'Failed publish attempts (records stay buffered and are retried)',
      labelNames: ['target'],
      registers,
    }),
    kinesisFailedEntries: new Counter({
      name: 'tributary_github_kinesis_failed_entries_total',
      help: 'PutRecords entries Kinesis rejected and that were resent, by error code',
      labelNames: ['code'],
      registers,
    }),
    publishBuffered: new Gauge({
      name: 'tributary_github_publish_buffered_records',
      help: 'Records waiting in the retry buffer, per target',
      labelNames: ['target'],
      registers,
    }),
    publishLatency: new Histogram({
      name: 'tributary_github_publish_latency_seconds',
      help: 'From entering the publish buffer to acknowledgement by the target',
      labelNames: ['target'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    deadLetters: new Counter({
      name: 'tributary_github_dead_letters_total',
      help: 'Events or lines that could not be published, by reason',
      labelNames: ['reason'],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: 'tributary_github_ratelimit_remaining',
      help: 'x-ratelimit-remaining of the last answer, per token (1, 2, … or anonymous); no series until GitHub sent the header',
      labelNames: ['token'],
      registers,
    }),
    pollFailures: new Counter({
      name: 'tributary_github_poll_failures_total',
      help: 'Requests to GET /events that got no usable answer, by what failed (dns, connection_refused, connection_reset, timeout, tls, network, malformed_body, http_<status>)',
      labelNames: ['reason'],
      registers,
    }),
    pollInterval: new Gauge({
      name: 'tributary_github_poll_interval_seconds',
      help: 'The wait before the next poll now in force (X-Poll-Interval, rate limit or backoff)',
      registers,
    }),
    gaps: new Counter({
      name: 'tributary_github_gaps_total',
      help: 'Polls whose pages never reached an already-seen event: events may have been missed',
      registers,
    }),
    gapPages: new Counter({
      name: 'tributary_github_gap_pages_total',
      help: 'Extra pages fetched to close a gap (the catch-up pages of the first poll are not counted)',
      registers,
    }),
    dedupeWindow: new Gauge({
      name: 'tributary_github_dedupe_window_ids',
      help: 'Event ids held for dedupe',
      registers,
    }),
    backfillLines: new Counter({
      name: 'tributary_github_backfill_lines_total',
      help: 'GH Archive lines read by outcome (event, bad)',
      labelNames: ['outcome'],
      registers,
    }),
    backfillFiles: new Counter({
      name: 'tributary_github_backfill_files_total',
      help: 'GH Archive hour files fully read and published',
      registers,
    }),
  };
}

/** Injection token of the metrics object (a plain object, built once per registry). */
export const EVENTS_METRICS = Symbol('EVENTS_METRICS');
