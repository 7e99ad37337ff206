import { cellText, formatTable } from './table';

describe('formatTable', () => {
  it('pads columns, right-aligns numbers and cuts long cells', () => {
    expect(
      formatTable(
        ['topic', 'records'],
        [
          ['github.events.matched', '1,234'],
          ['jobs.postings', '5'],
        ],
      ),
    ).toEqual([
      'topic                  records',
      '---------------------  -------',
      'github.events.matched    1,234',
      'jobs.postings                5',
    ]);
    expect(cellText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(cellText(null)).toBe('');
  });
});
