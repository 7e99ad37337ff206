import { UsageError } from '@tributary/runtime/app';
import { parseCommand } from './cli';

describe('the command line', () => {
  it('serves by default and parses a crawl of a range', () => {
    expect(parseCommand([])).toEqual({ name: 'serve' });
    expect(
      parseCommand(['crawl', 'shot-charts', '--from', '2024-11-01', '--to', '2024-11-05']),
    ).toEqual({
      name: 'crawl',
      spider: 'shot-charts',
      range: { from: '2024-11-01', to: '2024-11-05' },
      refresh: false,
    });
    expect(
      parseCommand([
        'crawl',
        'shot-charts-api',
        '--from',
        '2024-11-01',
        '--to',
        '2024-11-01',
        '--refresh',
      ]),
    ).toMatchObject({
      refresh: true,
    });
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
  });

  it.each([
    [['backfill'], /unknown command "backfill"/],
    [['crawl'], /needs a spider/],
    [['crawl', 'nope', '--from', '2024-11-01', '--to', '2024-11-01'], /unknown spider "nope"/],
    [['crawl', 'shot-charts', '--from', '2024-11-01'], /needs --to/],
    [
      ['crawl', 'shot-charts', '--from', '2024-02-30', '--to', '2024-03-01'],
      /--from must be a date/,
    ],
    [
      ['crawl', 'shot-charts', '--from', '2024-11-05', '--to', '2024-11-01'],
      /--to must not be before --from/,
    ],
    [['crawl', 'shot-charts', '--since', '2024-11-05'], /Unknown option/],
  ])('refuses %j', (args, message) => {
    expect(() => parseCommand(args)).toThrow(UsageError);
    expect(() => parseCommand(args)).toThrow(message);
  });
});
