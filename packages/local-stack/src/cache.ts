import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A short content hash, used to key cache folders by the inputs that produced them. */
export function contentHash(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 12);
}

export function fileHash(path: string): string {
  return contentHash(readFileSync(path, 'utf8'));
}

/** True when `target` was filled completely before. */
export function isCached(target: string): boolean {
  return existsSync(join(target, '.complete'));
}

/**
 * Fills `target` once: `fill` writes into a temporary sibling that is renamed into place only
 * when complete, so an interrupted install never leaves a half-filled cache entry behind.
 */
export async function cachedDirectory(
  target: string,
  fill: (tempDir: string) => Promise<void>,
): Promise<string> {
  const marker = join(target, '.complete');
  if (existsSync(marker)) return target;
  const temp = `${target}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  try {
    await fill(temp);
    writeFileSync(join(temp, '.complete'), new Date().toISOString());
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return target;
}
