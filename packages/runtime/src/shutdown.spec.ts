import { PassThrough } from 'node:stream';
import { createLogger } from './logger';
import { GracefulShutdown } from './shutdown';

const quietLogger = () =>
  createLogger({ app: 'test', destination: new PassThrough(), level: 'silent' });

describe('GracefulShutdown', () => {
  it('runs steps once, last registered first, and reports success', async () => {
    const order: string[] = [];
    const shutdown = new GracefulShutdown({ logger: quietLogger(), exit: jest.fn() });
    shutdown.register('disconnect', () => {
      order.push('disconnect');
    });
    shutdown.register('flush', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('flush');
    });
    const [first, second] = await Promise.all([
      shutdown.shutdown('SIGTERM'),
      shutdown.shutdown('again'),
    ]);
    expect([first, second]).toEqual([0, 0]);
    expect(order).toEqual(['flush', 'disconnect']);
    expect(shutdown.isShuttingDown).toBe(true);
  });

  it('keeps going after a failing step and exits non-zero', async () => {
    const ran: string[] = [];
    const shutdown = new GracefulShutdown({ logger: quietLogger(), exit: jest.fn() });
    shutdown.register('a', () => {
      ran.push('a');
    });
    shutdown.register('b', () => {
      throw new Error('boom');
    });
    expect(await shutdown.shutdown('test')).toBe(1);
    expect(ran).toEqual(['a']);
  });

  it('gives up after the timeout', async () => {
    const shutdown = new GracefulShutdown({
      logger: quietLogger(),
      timeoutMs: 30,
      exit: jest.fn(),
    });
    shutdown.register('stuck', () => new Promise<void>(() => undefined));
    expect(await shutdown.shutdown('test')).toBe(1);
  });

  it('exits through the handler when SIGTERM arrives', async () => {
    const exit = jest.fn();
    const shutdown = new GracefulShutdown({ logger: quietLogger(), exit });
    const flushed = jest.fn();
    shutdown.register('flush', flushed);
    shutdown.listen(['SIGUSR2']);
    process.emit('SIGUSR2', 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushed).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
    process.removeAllListeners('SIGUSR2');
  });
});
