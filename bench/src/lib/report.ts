import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/** Peak resident memory of a process (VmHWM), in MiB; undefined once it has exited. */
export function peakRssMiB(pid: number = process.pid): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
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
