import { setTimeout as sleep } from 'node:timers/promises';

export interface GroupCommitOptions {
  /** Most items in one write (a batch always holds at least one caller's items whole). */
  maxBatch: number;
  /** Wait before retrying a failed write; undefined gives up and rejects the batch's callers. */
  retryDelayMs: (attempt: number, error: unknown) => number | undefined;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Thrown to callers whose items were still waiting when the committer closed. */
export class GroupCommitClosedError extends Error {
  constructor() {
    super('the writer is closed');
    this.name = 'GroupCommitClosedError';
  }
}

interface Waiting<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: callers add items and wait until they are written. One write runs at a time; what
 * arrives meanwhile goes out together in the next one, so concurrent pages share a Kafka round trip
 * and writes keep the callers' order. A failed write is retried (the items are not written twice
 * by an idempotent producer) until it succeeds, the retry policy gives up, or the committer closes.
 */
export class GroupCommit<T> {
  private readonly waiting: Waiting<T>[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  private readonly stop = new AbortController();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  get queued(): number {
    return this.waiting.reduce((sum, entry) => sum + entry.items.length, 0);
  }

  add(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new GroupCommitClosedError());
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items: [...items], resolve, reject });
      this.kick();
    });
  }

  /** Resolves once everything added so far is written (or failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Stops retrying, lets the running write end, and rejects what still waits. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop.abort();
    await this.flush();
    for (const entry of this.waiting.splice(0)) entry.reject(new GroupCommitClosedError());
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.waiting.length > 0 && !this.closed) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0 && !this.closed) {
      const batch: Waiting<T>[] = [];
      let size = 0;
      while (this.waiting.length > 0) {
        const next = this.waiting[0];
        if (!next || (batch.length > 0 && size + next.items.length > this.options.maxBatch)) break;
        batch.push(next);
        size += next.items.length;
        this.waiting.shift();
      }
      try {
        await this.writeWithRetries(batch.flatMap((entry) => entry.items));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  private async writeWithRetries(items: T[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.write(items);
        return;
      } catch (error) {
        const delayMs = this.closed ? undefined : this.options.retryDelayMs(attempt, error);
        if (delayMs === undefined) throw error;
        this.options.onRetry?.(error, attempt + 1, delayMs);
        try {
          await sleep(delayMs, undefined, { signal: this.stop.signal });
        } catch {
          throw error;
        }
      }
    }
  }
}
