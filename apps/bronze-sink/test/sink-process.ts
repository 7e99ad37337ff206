import { join } from 'node:path';
import { ServiceProcess } from '@tributary/local-stack';
import { LAUNCH } from '../src/launch';
import { sinkEnv } from './sink-harness';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** The built sink (dist/main.js) as its own process, the way a container runs it. */
export class SinkProcess extends ServiceProcess {
  constructor(env: Record<string, string>, opsPort?: number) {
    super(
      'bronze-sink',
      MAIN,
      // Info, so that a failed run's output shows every claim and revocation.
      { ...LAUNCH.env, ...sinkEnv({ LOG_LEVEL: 'info', ...env }) },
      opsPort,
      [],
      LAUNCH.nodeArgs,
    );
  }

  /** Waits until the process has consumed at least `records` records since it started. */
  consuming(records: number, timeoutMs = 60_000): Promise<void> {
    return this.metricReaches('tributary_sink_records_in_total', records, timeoutMs);
  }
}
