import type { Transferable, Worker } from 'node:worker_threads';

/** A worker thread's answer to the request with the same id: its result, or why it failed. */
export type WorkerReply<Result> = ({ id: number } & Result) | { id: number; error: string };

/**
 * Requests to one worker thread, each answered by one reply. A thread that errors or exits fails the
 * requests it still holds.
 */
export class WorkerCalls<Request, Result> {
  private readonly waiting = new Map<
    number,
    { resolve: (result: Result) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;

  constructor(
    readonly worker: Worker,
    private readonly name: string,
  ) {
    worker.on('message', (reply: WorkerReply<Result>) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(`${name}: ${reply.error}`));
      else waiter?.resolve(reply);
    });
    worker.on('error', (error: Error) => this.failAll(error));
    worker.on('exit', (code: number) =>
      this.failAll(new Error(`${name} thread exited with code ${code}`)),
    );
  }

  /** Requests not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  call(request: Request, transfer: readonly Transferable[]): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, [...transfer]);
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
