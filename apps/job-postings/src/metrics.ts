import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type JobPostingsMetrics = ReturnType<typeof createJobPostingsMetrics>;

/** Every metric job-postings exports, labelled by source; names are listed in docs/job-postings.md. */
export function createJobPostingsMetrics(registry: Registry) {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'tributary_jobs_requests_total',
      help: 'Requests to a source by outcome (ok, not_found, challenge, malformed, rate_limited, server_error, client_error, timeout, network)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    fetchDuration: new Histogram({
      name: 'tributary_jobs_fetch_duration_seconds',
      help: 'Duration of one request to a source, answer read',
      labelNames: ['source'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    seen: new Counter({
      name: 'tributary_jobs_postings_seen_total',
      help: 'Postings read from listings (every run, changed or not)',
      labelNames: ['source'],
      registers,
    }),
    published: new Counter({
      name: 'tributary_jobs_postings_published_total',
      help: 'Changes committed to the output topic, by change (created, updated, closed)',
      labelNames: ['source', 'change'],
      registers,
    }),
    duplicates: new Counter({
      name: 'tributary_jobs_postings_duplicate_total',
      help: 'Created postings marked duplicate_of a first-seen copy (they are published all the same)',
      labelNames: ['source'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'tributary_jobs_dead_letters_total',
      help: 'Postings or pages sent to the dead-letter topic, by reason',
      labelNames: ['source', 'reason'],
      registers,
    }),
    listings: new Counter({
      name: 'tributary_jobs_listings_total',
      help: 'Tenant listings read, by outcome (complete, incomplete, incremental)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    runs: new Counter({
      name: 'tributary_jobs_runs_total',
      help: 'Collection runs by outcome (ok, partial, failed, fenced)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'tributary_jobs_last_success_timestamp_seconds',
      help: 'When a run of the source last finished without a failed listing',
      labelNames: ['source'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'tributary_jobs_run_duration_seconds',
      help: 'Duration of a collection run, politeness delays included',
      labelNames: ['source'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    transactions: new Counter({
      name: 'tributary_jobs_transactions_total',
      help: 'Kafka transactions (changes + state + dead letters) by outcome (committed, failed, fenced)',
      labelNames: ['outcome'],
      registers,
    }),
    owned: new Gauge({
      name: 'tributary_jobs_source_owned',
      help: '1 while this instance owns the source (its state partition is assigned and loaded)',
      labelNames: ['source'],
      registers,
    }),
    statePostings: new Gauge({
      name: 'tributary_jobs_state_postings',
      help: 'Postings in the loaded state of owned sources, by status (open, closed)',
      labelNames: ['source', 'status'],
      registers,
    }),
    stateLoadSeconds: new Histogram({
      name: 'tributary_jobs_state_load_seconds',
      help: 'Time to fence and rebuild a state partition at assignment',
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    dedupeKeys: new Gauge({
      name: 'tributary_jobs_dedupe_keys',
      help: 'First-seen claims held in the cross-source duplicate index',
      registers,
    }),
  };
}

/** Injection token of the metrics object. */
export const JOBS_METRICS = Symbol('JOBS_METRICS');
