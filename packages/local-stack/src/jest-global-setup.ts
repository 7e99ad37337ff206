import { loadStackConfig } from './config';
import { stackUp } from './stack';

/**
 * When these are all set, the environment describes the servers to use and nothing is started.
 * (`TRIBUTARY_S3_ENDPOINT` and `TRIBUTARY_KINESIS_ENDPOINT` stay unset for real AWS.)
 */
export const REQUIRED_ENDPOINTS = [
  'TRIBUTARY_KAFKA_BROKERS',
  'TRIBUTARY_S3_BUCKET',
  'TRIBUTARY_PROMETHEUS_URL',
] as const;

/**
 * Jest global setup for integration and end-to-end suites: use the endpoints given in the
 * environment, else start the real local stack (and remember to stop what this run started).
 */
export default async function globalSetup(): Promise<void> {
  if (REQUIRED_ENDPOINTS.every((name) => process.env[name])) return;
  const config = loadStackConfig();
  const result = await stackUp(config, (line) => process.stderr.write(`[stack] ${line}\n`));
  Object.assign(process.env, result.endpoints);
  process.env.TRIBUTARY_STACK_STARTED_BY_JEST = result.started.join(',');
}
