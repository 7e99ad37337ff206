import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Marks every process the stack starts, so `down` never touches a process it did not start. */
const OWNER_VARIABLE = 'TRIBUTARY_STACK_OWNER';

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  pidFile: string;
  logFile: string;
  /** The stack folder; recorded in the process environment as its owner. */
  owner: string;
}

function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` is alive and was started by the stack that owns `owner`. */
function isOwnedProcess(pid: number, owner: string): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return environ.includes(`${OWNER_VARIABLE}=${owner}`);
  } catch {
    return false;
  }
}

/** The pid of the running process recorded in `pidFile`, if it is still ours; cleans stale files. */
export function runningPid(pidFile: string, owner: string): number | undefined {
  const pid = readPid(pidFile);
  if (pid === undefined) return undefined;
  if (isOwnedProcess(pid, owner)) return pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

/** Starts a server in its own process group, detached from this process, logging to a file. */
export function startProcess(spec: ProcessSpec): number {
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, [OWNER_VARIABLE]: spec.owner },
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    writeFileSync(spec.pidFile, String(child.pid));
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Alive and not a zombie (a child this process started stays a zombie until it is reaped). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`. Returns whether it was running. */
export async function stopProcess(
  pidFile: string,
  owner: string,
  graceMs = 20_000,
): Promise<boolean> {
  const pid = runningPid(pidFile, owner);
  if (pid === undefined) return false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    signalGroup('SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  rmSync(pidFile, { force: true });
  return true;
}

export function processAlive(pid: number): boolean {
  return isAlive(pid);
}
