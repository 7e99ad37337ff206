import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppLogFile, tailLines } from './app-log';

describe('app log files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'app-log-'));

  it('appends lines and reads back the last ones, however long the file', () => {
    const log = new AppLogFile(join(dir, 'apps', 'one.log'));
    for (let line = 1; line <= 20_000; line++) log.write(`line ${line} ${'x'.repeat(20)}`);
    log.close();
    expect(tailLines(log.path, 3)).toEqual([
      `line 19998 ${'x'.repeat(20)}`,
      `line 19999 ${'x'.repeat(20)}`,
      `line 20000 ${'x'.repeat(20)}`,
    ]);
    expect(tailLines(log.path, 50_000)).toHaveLength(20_000);
    expect(tailLines(join(dir, 'missing.log'), 5)).toEqual([]);
  });

  it('moves a log over the size limit aside when the app starts again', () => {
    const path = join(dir, 'big.log');
    writeFileSync(path, 'old\n'.repeat(100));
    const log = new AppLogFile(path, 100);
    log.write('new');
    log.close();
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('old\n'.repeat(100));
  });
});
