import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setAsideUnreadableState } from './kinesis';

describe('setAsideUnreadableState', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'kinesis-state-'));

  it.each([
    ['empty', ''],
    ['cut short', '{"streams":{"a":'],
  ])('moves a %s state file aside and says so', (_, content) => {
    const data = dir();
    const file = join(data, 'kinesis-data.json');
    writeFileSync(file, content);
    const lines: string[] = [];
    setAsideUnreadableState(file, (line) => lines.push(line));
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(data)).toEqual([
      expect.stringMatching(/^kinesis-data\.json\.unreadable-\d+$/),
    ]);
    expect(lines).toEqual([expect.stringContaining('could not be read')]);
  });

  it('keeps a readable state file and an absent one as they are', () => {
    const data = dir();
    const file = join(data, 'kinesis-data.json');
    const lines: string[] = [];
    setAsideUnreadableState(file, (line) => lines.push(line));
    writeFileSync(file, '{"streams":{}}');
    setAsideUnreadableState(file, (line) => lines.push(line));
    expect(readdirSync(data)).toEqual(['kinesis-data.json']);
    expect(lines).toEqual([]);
  });
});
