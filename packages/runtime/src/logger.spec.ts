import { PassThrough } from 'node:stream';
import { createLogger } from './logger';

function captureLines(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time and app', () => {
    const capture = captureLines();
    const logger = createLogger({ app: 'github-events', destination: capture.stream });
    logger.info({ topic: 'github.events.matched' }, 'published');
    const [line] = capture.lines();
    expect(line).toMatchObject({
      level: 'info',
      app: 'github-events',
      topic: 'github.events.matched',
      msg: 'published',
    });
    expect(typeof line?.time).toBe('string');
    expect(Number.isNaN(Date.parse(String(line?.time)))).toBe(false);
  });

  it('never writes secrets, however deep they sit', () => {
    const capture = captureLines();
    const logger = createLogger({ app: 'x', destination: capture.stream });
    logger.info(
      {
        token: 'ghp_top',
        config: { password: 'hunter2', github: { token: 'ghp_nested' } },
        headers: { authorization: 'Bearer abc' },
        s3: { secretAccessKey: 'minio-secret' },
      },
      'config loaded',
    );
    const text = JSON.stringify(capture.lines());
    for (const secret of ['ghp_top', 'hunter2', 'ghp_nested', 'Bearer abc', 'minio-secret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
  });
});
