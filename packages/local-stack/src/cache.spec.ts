import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedDirectory } from './cache';

describe('cachedDirectory', () => {
  const root = mkdtempSync(join(tmpdir(), 'stack-cache-'));

  it('fills a folder once and reuses it', async () => {
    const target = join(root, 'tool-1');
    let fills = 0;
    const fill = (temp: string) => {
      fills++;
      writeFileSync(join(temp, 'bin'), 'tool');
      return Promise.resolve();
    };
    await cachedDirectory(target, fill);
    await cachedDirectory(target, fill);
    expect(fills).toBe(1);
    expect(readFileSync(join(target, 'bin'), 'utf8')).toBe('tool');
  });

  it('leaves nothing behind when filling fails', async () => {
    const target = join(root, 'tool-2');
    await expect(
      cachedDirectory(target, (temp) => {
        writeFileSync(join(temp, 'partial'), 'x');
        return Promise.reject(new Error('download failed'));
      }),
    ).rejects.toThrow('download failed');
    expect(existsSync(target)).toBe(false);
  });
});
