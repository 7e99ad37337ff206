import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes under `path` (files only, symlinks not followed); 0 when it does not exist. */
export function diskUsage(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.isFile() ? stat.size : 0;
  return readdirSync(path).reduce((sum, entry) => sum + diskUsage(join(path, entry)), 0);
}

export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
