import { UsageError } from '@tributary/runtime/app';
import { parseCommand } from './cli';

describe('parseCommand', () => {
  it('serves by default, runs one source once with collect', () => {
    expect(parseCommand([])).toEqual({ name: 'serve' });
    expect(parseCommand(['collect', '--source', 'greenhouse', '--once'])).toEqual({
      name: 'collect',
      source: 'greenhouse',
    });
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
  });

  it.each([
    [['collect', '--once'], 'collect needs --source <name>'],
    [['collect', '--source', 'greenhouse'], 'collect runs once: pass --once'],
    [['collect', '--source', 'monster', '--once'], 'unknown source "monster"'],
    [['fetch'], 'unknown command "fetch"'],
    [['--source', 'lever'], '--source and --once belong to collect'],
    [['collect', '--source', 'lever', '--once', 'extra'], 'unexpected argument "extra"'],
  ])('%j: %s', (args, message) => {
    expect(() => parseCommand(args)).toThrow(new UsageError(message));
  });
});
