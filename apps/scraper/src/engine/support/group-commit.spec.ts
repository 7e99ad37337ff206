import { GroupCommit, GroupCommitClosedError } from './group-commit';

describe('GroupCommit', () => {
  it('writes the first items at once and groups what arrives during a write, keeping the order', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const committer = new GroupCommit<number>(
      async (items) => {
        writes.push(items);
        if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      { maxBatch: 100, retryDelayMs: () => undefined },
    );
    const first = committer.add([1]);
    const later = [committer.add([2, 3]), committer.add([4])];
    await Promise.resolve();
    expect(writes).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at maxBatch without splitting a caller’s items', async () => {
    const writes: number[][] = [];
    const committer = new GroupCommit<number>(
      (items) => {
        writes.push(items);
        return Promise.resolve();
      },
      {
        maxBatch: 3,
        retryDelayMs: () => undefined,
      },
    );
    await Promise.all([committer.add([1, 2]), committer.add([3, 4]), committer.add([5, 6, 7, 8])]);
    expect(writes).toEqual([
      [1, 2],
      [3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('retries a failed write until it succeeds, and only then resolves its callers', async () => {
    let calls = 0;
    const retries: number[] = [];
    const committer = new GroupCommit<string>(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new Error('broker down')) : Promise.resolve();
      },
      { maxBatch: 10, retryDelayMs: () => 1, onRetry: (_error, attempt) => retries.push(attempt) },
    );
    await committer.add(['a']);
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('on close, stops retrying and rejects the callers still waiting', async () => {
    const committer = new GroupCommit<string>(() => Promise.reject(new Error('down')), {
      maxBatch: 10,
      retryDelayMs: () => 60_000,
    });
    const running = committer.add(['a']).catch((error: unknown) => error);
    const waiting = committer.add(['b']).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await committer.close();
    expect(((await running) as Error).message).toBe('down');
    expect(await waiting).toBeInstanceOf(GroupCommitClosedError);
    await expect(committer.add(['c'])).rejects.toBeInstanceOf(GroupCommitClosedError);
  });
});
