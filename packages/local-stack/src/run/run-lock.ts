import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackConfig } from '../config';
import { StackError } from '../stack-error';

/** Who holds a stack folder's run: one `./tributary run` at a time per stack folder. */
export interface RunHolder {
  pid: number;
  startedAt: string;
  appsFile: string;
}

export function runLockFile(config: StackConfig): string {
  return join(config.stackDir, 'run', 'run.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The run holding this stack folder now, if any (a lock left by a dead run does not count). */
export function activeRun(config: StackConfig): RunHolder | undefined {
  let holder: RunHolder;
  try {
    holder = JSON.parse(readFileSync(runLockFile(config), 'utf8')) as RunHolder;
  } catch {
    return undefined;
  }
  return Number.isInteger(holder.pid) && alive(holder.pid) ? holder : undefined;
}

/**
 * Takes the stack folder's run lock or refuses, naming the run that holds it. Returns the release.
 * A lock whose holder is dead (a run that was killed) is taken over.
 */
export function acquireRunLock(config: StackConfig, appsFile: string): () => void {
  const file = runLockFile(config);
  mkdirSync(dirname(file), { recursive: true });
  const mine: RunHolder = { pid: process.pid, startedAt: new Date().toISOString(), appsFile };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      return () => {
        if (activeRun(config)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = activeRun(config);
    if (holder) {
      throw new StackError(
        'RUN_ACTIVE',
        `another ./tributary run (pid ${holder.pid}, started ${holder.startedAt}) is already running on ${config.stackDir}; ` +
          `stop it with Ctrl-C in its terminal (or kill -INT ${holder.pid}), or follow it with ./tributary logs <app> -f`,
      );
    }
    rmSync(file, { force: true });
  }
  throw new StackError('RUN_ACTIVE', `could not take the run lock ${file}`);
}
