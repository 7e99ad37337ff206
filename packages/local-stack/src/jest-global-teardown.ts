import { loadStackConfig } from './config';
import { stackDown } from './stack';

/** Stops only the servers the global setup started, unless TRIBUTARY_KEEP_STACK=1. */
export default async function globalTeardown(): Promise<void> {
  const started = (process.env.TRIBUTARY_STACK_STARTED_BY_JEST ?? '').split(',').filter(Boolean);
  if (started.length === 0 || process.env.TRIBUTARY_KEEP_STACK === '1') return;
  await stackDown(loadStackConfig(), (line) => process.stderr.write(`[stack] ${line}\n`), started);
}
