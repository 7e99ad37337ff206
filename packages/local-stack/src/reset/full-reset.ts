import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from '../config';
import { stackDown, stackStatus, stackUp, type Log } from '../stack';
import { diskUsage } from './disk-usage';

/** What a full reset deletes: every server's data, app logs and peek's local copies. */
export function fullResetPaths(config: StackConfig): string[] {
  return [
    join(config.stackDir, 'data'),
    join(config.stackDir, 'logs'),
    join(config.stackDir, 'peek'),
    join(config.stackDir, 'state'),
  ];
}

/**
 * Stops the servers of this stack folder, deletes their data (every topic, bucket, stream and
 * metric), the app logs, peek's copies and backfill checkpoints, and starts the stack again if it was
 * running. Keeps the remembered ports, bucket and credentials. Returns the bytes freed.
 */
export async function fullReset(config: StackConfig, log: Log): Promise<number> {
  const wasRunning = (await stackStatus(config)).some((server) => server.pid !== undefined);
  if (wasRunning) await stackDown(config, log);
  let freed = 0;
  for (const path of fullResetPaths(config)) {
    freed += diskUsage(path);
    rmSync(path, { recursive: true, force: true });
  }
  if (wasRunning) await stackUp(config, log);
  return freed;
}
