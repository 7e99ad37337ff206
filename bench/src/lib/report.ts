import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident memory of a process (VmHWM), in MiB; undefined once it has exited. */
export function peakRssMiB(pid: number = process.pid): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process and all its descendants, in MiB (for a JVM started by a script). */
export function treeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      rss.set(pid, Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Writes `bench/results/<name>-<timestamp>.json` and prints a one-screen summary. */
export function writeResult(
  name: string,
  result: Record<string, unknown>,
  summary: string,
): string {
  const dir = join(__dirname, '..', '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      result,
      (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
      2,
    ),
  );
  process.stdout.write(`${summary}\nfull result: ${file}\n`);
  return file;
}

/**
 * CPU seconds each thread of a process has used, summed by thread name (the stat file of each task in `/proc/<pid>/task`;
 * the sink names its worker threads), e.g. MainThread, sink-decode, sink-parquet, V8Worker (V8's
 * collector and compiler helpers). Empty once the process has exited.
 */
export function threadCpuSeconds(pid: number): Record<string, number> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const byName: Record<string, number> = {};
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name.
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      byName[name] = (byName[name] ?? 0) + seconds;
    } catch {
      // The thread ended while we looked.
    }
  }
  return byName;
}

/** Runs a benchmark's `main`: exit 0 when it ends, else its error's stack on stderr and exit 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
