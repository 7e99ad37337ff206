import { domainOf, type CrawlRequest } from '../request';

type State = 'queued' | 'in-flight' | 'done' | 'failed';

/** One domain's queued requests, deepest first (a game's pages finish before the next day's), FIFO within a depth. */
class DepthQueue {
  private readonly byDepth: CrawlRequest[][] = [];
  private readonly heads: number[] = [];
  size = 0;

  push(request: CrawlRequest): void {
    (this.byDepth[request.depth] ??= []).push(request);
    this.heads[request.depth] ??= 0;
    this.size += 1;
  }

  peek(): CrawlRequest | undefined {
    for (let depth = this.byDepth.length - 1; depth >= 0; depth--) {
      const bucket = this.byDepth[depth];
      const head = this.heads[depth] ?? 0;
      if (bucket && head < bucket.length) return bucket[head];
    }
    return undefined;
  }

  shift(): CrawlRequest | undefined {
    for (let depth = this.byDepth.length - 1; depth >= 0; depth--) {
      const bucket = this.byDepth[depth];
      const head = this.heads[depth] ?? 0;
      if (!bucket || head >= bucket.length) continue;
      const request = bucket[head];
      if (head + 1 === bucket.length) {
        bucket.length = 0;
        this.heads[depth] = 0;
      } else {
        this.heads[depth] = head + 1;
      }
      this.size -= 1;
      return request;
    }
    return undefined;
  }
}

export type AddResult = 'added' | 'known' | 'page-cap';

/**
 * One crawl's requests in memory: what is queued per domain, what waits for a retry, what is in
 * flight, and every fingerprint seen (one fetch per page per crawl). It only keeps state; the crawl
 * persists each change to the frontier store before acting on it.
 */
export class CrawlFrontier {
  private readonly states = new Map<string, State>();
  private readonly queues = new Map<string, DepthQueue>();
  /** Retries waiting for their `notBefore`, in no particular order (they are few). */
  private readonly delayed: CrawlRequest[] = [];
  private queued = 0;
  inFlight = 0;
  done = 0;
  failed = 0;

  constructor(private readonly maxPages: number) {}

  /** Requests not finished yet: queued, waiting for a retry, or in flight. */
  get open(): number {
    return this.queued + this.delayed.length + this.inFlight;
  }

  get counts(): {
    queued: number;
    delayed: number;
    inFlight: number;
    done: number;
    failed: number;
  } {
    return {
      queued: this.queued,
      delayed: this.delayed.length,
      inFlight: this.inFlight,
      done: this.done,
      failed: this.failed,
    };
  }

  /** A new request; `known` when its fingerprint was seen in this crawl, `page-cap` when full. */
  add(request: CrawlRequest): AddResult {
    if (this.states.has(request.fingerprint)) return 'known';
    if (this.states.size >= this.maxPages) return 'page-cap';
    this.enqueue(request);
    return 'added';
  }

  /** A request read back from the store after a restart, as it was persisted. */
  restorePending(request: CrawlRequest): void {
    if (this.states.has(request.fingerprint)) return;
    this.enqueue(request);
  }

  restoreFinished(fingerprint: string, state: 'done' | 'failed'): void {
    if (this.states.has(fingerprint)) return;
    this.states.set(fingerprint, state);
    if (state === 'done') this.done += 1;
    else this.failed += 1;
  }

  /** Moves retries whose time has come back into their domain's queue. */
  promote(now: number): void {
    for (let index = this.delayed.length - 1; index >= 0; index--) {
      const request = this.delayed[index];
      if (request && request.notBefore <= now) {
        this.delayed.splice(index, 1);
        this.queue(request);
      }
    }
  }

  /** The earliest `notBefore` of the waiting retries (Infinity when none wait). */
  nextRetryAt(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const request of this.delayed) next = Math.min(next, request.notBefore);
    return next;
  }

  /** Queued or waiting for a retry: not started since it was last persisted. */
  isQueued(fingerprint: string): boolean {
    return this.states.get(fingerprint) === 'queued';
  }

  /** Every fingerprint of the crawl (its page records are deleted when it finishes). */
  fingerprints(): IterableIterator<string> {
    return this.states.keys();
  }

  /** Domains with queued requests. */
  domains(): string[] {
    const domains: string[] = [];
    for (const [domain, queue] of this.queues) if (queue.size > 0) domains.push(domain);
    return domains;
  }

  peek(domain: string): CrawlRequest | undefined {
    return this.queues.get(domain)?.peek();
  }

  /** The next queued request of `domain`, now in flight. */
  take(domain: string): CrawlRequest | undefined {
    const request = this.queues.get(domain)?.shift();
    if (!request) return undefined;
    this.queued -= 1;
    this.inFlight += 1;
    this.states.set(request.fingerprint, 'in-flight');
    return request;
  }

  /** An in-flight request goes back to wait for its retry (or to the queue when it is due). */
  retry(request: CrawlRequest): void {
    this.inFlight -= 1;
    this.enqueue(request);
  }

  /**
   * An in-flight request that could not be finished (a shutdown interrupted it, or the store was
   * closed): it goes back to the queue as it is, and stays pending in the store.
   */
  abandon(request: CrawlRequest): void {
    if (this.states.get(request.fingerprint) !== 'in-flight') return;
    this.inFlight -= 1;
    this.enqueue({ ...request, notBefore: 0 });
  }

  complete(request: CrawlRequest, state: 'done' | 'failed'): void {
    this.inFlight -= 1;
    this.states.set(request.fingerprint, state);
    if (state === 'done') this.done += 1;
    else this.failed += 1;
  }

  private enqueue(request: CrawlRequest): void {
    this.states.set(request.fingerprint, 'queued');
    // A retry waits for promote() to find it due; a new request is queued at once.
    if (request.notBefore > 0) this.delayed.push(request);
    else this.queue(request);
  }

  private queue(request: CrawlRequest): void {
    const domain = domainOf(request.url);
    let queue = this.queues.get(domain);
    if (!queue) {
      queue = new DepthQueue();
      this.queues.set(domain, queue);
    }
    queue.push(request);
    this.queued += 1;
  }
}
