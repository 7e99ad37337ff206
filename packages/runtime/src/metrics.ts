import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service with process/runtime metrics and an `app` label on every series, so one
 * Prometheus job can scrape every service and still tell them apart.
 */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
