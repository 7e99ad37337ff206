import { existsSync } from 'node:fs';
import type { StackConfig } from '../config';
import { loadApps } from '../run/apps-file';
import { activeRun } from '../run/run-lock';
import { stackStatus } from '../stack';
import { readStackState } from '../stack-state';

async function appReadiness(opsPort: number): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${opsPort}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    return response.status === 200 ? 'ready' : 'not ready';
  } catch {
    return 'not answering';
  }
}

/**
 * `stack status`: each server (ready, not answering, stopped), the ports the stack folder remembers,
 * and the run using it with each app's readiness. Exit code 0 only when every server is ready.
 */
export async function statusCommand(
  config: StackConfig,
  print: (line: string) => void,
): Promise<number> {
  const statuses = await stackStatus(config);
  for (const status of statuses) {
    const state = status.pid === undefined ? 'stopped' : status.ready ? 'ready' : 'not answering';
    print(`${status.name.padEnd(14)} ${state.padEnd(14)} ${status.pid ?? ''}`);
  }
  const remembered = readStackState(config.stackDir);
  const moved =
    (config.explicit ?? []).length > 0 ? ` (given now: ${(config.explicit ?? []).join(', ')})` : '';
  print(
    `ports          kafka ${config.ports.kafka}, minio ${config.ports.minio}, kinesis ${config.ports.kinesis}, prometheus ${config.ports.prometheus}; bucket ${config.bucket}` +
      (remembered ? ` — as remembered in ${config.stackDir}/stack.json${moved}` : moved),
  );
  const run = activeRun(config);
  if (!run) {
    print('run            none (./tributary run starts the apps)');
  } else {
    print(`run            running        ${run.pid} (since ${run.startedAt})`);
    if (existsSync(run.appsFile)) {
      for (const app of loadApps(run.appsFile)) {
        const state = app.opsPort ? await appReadiness(app.opsPort) : 'dev tool';
        print(`  ${app.name.padEnd(16)} ${state}`);
      }
    }
  }
  return statuses.every((status) => status.ready) ? 0 : 3;
}
