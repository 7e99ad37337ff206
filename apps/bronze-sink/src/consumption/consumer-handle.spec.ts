import type { Consumer } from 'kafkajs';
import { ConsumerHandle } from './consumer-handle';

describe('ConsumerHandle.seek', () => {
  it('seeks the current consumer', () => {
    const seeks: unknown[] = [];
    const handle = new ConsumerHandle();
    handle.set({ seek: (target: unknown) => void seeks.push(target) } as unknown as Consumer);
    handle.seek('t', 2, 41n);
    expect(seeks).toEqual([{ topic: 't', partition: 2, offset: '41' }]);
  });

  it('does not throw while there is no consumer or its group is not running', () => {
    const handle = new ConsumerHandle();
    expect(() => handle.seek('t', 0, 1n)).not.toThrow();
    handle.set({
      seek: () => {
        throw new Error('Consumer group was not initialized, consumer#run must be called first');
      },
    } as unknown as Consumer);
    expect(() => handle.seek('t', 0, 1n)).not.toThrow();
  });
});
