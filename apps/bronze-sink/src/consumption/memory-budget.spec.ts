import { chunk, partitionWith } from '../../test/partition-fixtures';
import type { PartitionState } from './partition-state';
import { MemoryBudget } from './memory-budget';

/** Writes that start when asked and end when the test says so; their bytes count as writing. */
class HeldWrites {
  readonly inFlight = new Set<Promise<void>>();
  readonly started: number[] = [];
  writingBytes = 0;
  private readonly finishers: (() => void)[] = [];

  startWrite(state: PartitionState): Promise<void> {
    const { bytes } = state.buffer.drain();
    this.started.push(state.partition);
    this.writingBytes += bytes;
    let finish: () => void = () => undefined;
    const write: Promise<void> = new Promise<void>((resolve) => (finish = resolve)).then(() => {
      this.writingBytes -= bytes;
      this.inFlight.delete(write);
    });
    this.finishers.push(finish);
    this.inFlight.add(write);
    return write;
  }

  finishAll(): void {
    for (const finish of this.finishers.splice(0)) finish();
  }
}

function budgetOver(states: PartitionState[], budgetBytes: number) {
  const writes = new HeldWrites();
  const budget = new MemoryBudget(budgetBytes, { states: () => [...states] }, writes);
  let heartbeats = 0;
  const payload = {
    isRunning: () => true,
    heartbeat: () => {
      heartbeats += 1;
      return Promise.resolve();
    },
  };
  return { budget, writes, payload, heartbeats: () => heartbeats };
}

describe('MemoryBudget (backpressure)', () => {
  it('starts no write below 3/4 of the budget', async () => {
    const states = [partitionWith(0, [chunk(0, 1, 700)]).state];
    const { budget, writes, payload } = budgetOver(states, 1_000);
    await budget.enforce(payload);
    expect(writes.started).toEqual([]);
    expect(budget.heldBytes).toBe(700);
  });

  it('from 3/4 of the budget writes the fullest partitions until the buffered bytes are below it again', async () => {
    const states = [
      partitionWith(0, [chunk(0, 1, 100)]).state,
      partitionWith(1, [chunk(0, 1, 500)]).state,
      partitionWith(2, [chunk(0, 1, 300)]).state,
    ];
    const { budget, writes, payload } = budgetOver(states, 1_000);
    await budget.enforce(payload);
    expect(writes.started).toEqual([1]);
    expect(budget.bufferedBytes).toBe(400);
    expect(budget.heldBytes).toBe(900);
  });

  it('at the budget waits, heartbeating, until writes have brought the held bytes under it', async () => {
    const states = [
      partitionWith(0, [chunk(0, 1, 600)]).state,
      partitionWith(1, [chunk(0, 1, 500)]).state,
    ];
    const { budget, writes, payload, heartbeats } = budgetOver(states, 1_000);
    let done = false;
    const enforcing = budget.enforce(payload).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(done).toBe(false);
    expect(heartbeats()).toBeGreaterThanOrEqual(1);
    writes.finishAll();
    await enforcing;
    expect(budget.heldBytes).toBeLessThan(1_000);
  });

  it('stops waiting when the consumer stops running', async () => {
    const states = [partitionWith(0, [chunk(0, 1, 2_000)]).state];
    const { budget, writes } = budgetOver(states, 1_000);
    let running = true;
    const enforcing = budget.enforce({
      isRunning: () => running,
      heartbeat: () => Promise.resolve(),
    });
    running = false;
    await enforcing;
    expect(writes.inFlight.size).toBe(1);
    writes.finishAll();
  });
});
