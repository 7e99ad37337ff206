import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client's default gauges that are named like counters (`_total`), which Prometheus's own lint
 * (`promtool check metrics`) rejects; dropped, the rest of the defaults (process_*, nodejs_heap_*,
 * nodejs_eventloop_lag_*, nodejs_gc_*) stay.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * One registry per service with process/runtime metrics and an `app` label on every series, so one
 * Prometheus job can scrape every service and still tell them apart.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return registry;
}
