import { painter } from '../term';
import { formatAppLine } from './log-format';

const plain = painter(false);

describe('formatAppLine', () => {
  it('turns a pino line into level, message and fields, without time, pid and host', () => {
    const line = JSON.stringify({
      level: 40,
      time: 1,
      pid: 2,
      hostname: 'h',
      app: 'github-events',
      msg: 'polling GitHub failed',
      failure: 'dns',
      waitMs: 60000,
      err: {
        type: 'Error',
        message: 'getaddrinfo ENOTFOUND api.github.com',
        code: 'ENOTFOUND',
        stack: 'at …',
      },
    });
    expect(formatAppLine(line, plain)).toBe(
      'WARN  polling GitHub failed failure=dns waitMs=60000 err="ENOTFOUND: getaddrinfo ENOTFOUND api.github.com"',
    );
  });

  it('reads level labels as well as numbers', () => {
    const line = JSON.stringify({
      level: 'info',
      time: '2026-12-02T05:31:36.021Z',
      app: 'a',
      msg: 'done',
      hours: 2,
    });
    expect(formatAppLine(line, plain)).toBe('INFO  done hours=2');
  });

  it('leaves other lines as they are', () => {
    expect(formatAppLine('Invalid configuration:', plain)).toBe('Invalid configuration:');
    expect(formatAppLine('{not json', plain)).toBe('{not json');
    expect(formatAppLine('{"a":1}', plain)).toBe('{"a":1}');
  });

  it('colours the level only when asked to', () => {
    const line = JSON.stringify({ level: 50, msg: 'boom' });
    expect(formatAppLine(line, painter(true))).toBe('\u001b[31mERROR\u001b[0m boom');
    expect(formatAppLine(line, plain)).toBe('ERROR boom');
  });
});
