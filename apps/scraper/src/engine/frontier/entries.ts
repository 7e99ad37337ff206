import { z } from 'zod';
import type { CrawlRequest } from '../request';

/*
 * What the durable frontier holds, one record per key (a compacted topic keeps the latest):
 *   crawl|{crawlId}                 the crawl: spider, range, running or finished
 *   page|{crawlId}|{fingerprint}    a request: pending (with its attempts so far), done or failed
 *   domain|{host}                   politeness a restart must keep: recent starts, a pause, Crawl-delay
 *   validators|{fingerprint}        ETag / Last-Modified of a page fetched before
 * A null value (tombstone) deletes the key.
 */

const PersistedRequest = z.object({
  url: z.url(),
  callback: z.string().min(1),
  meta: z.record(z.string(), z.json()),
  conditional: z.boolean(),
  fingerprint: z.string().min(1),
  depth: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  notBefore: z.number(),
  redirects: z.number().int().nonnegative(),
});

export const PageEntry = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), request: PersistedRequest, at: z.number() }),
  z.object({
    state: z.literal('done'),
    outcome: z.enum(['parsed', 'not-modified', 'redirected']),
    at: z.number(),
  }),
  z.object({ state: z.literal('failed'), reason: z.string(), at: z.number() }),
]);
export type PageEntry = z.infer<typeof PageEntry>;

export const CrawlEntry = z.object({
  spider: z.string().min(1),
  from: z.iso.date(),
  to: z.iso.date(),
  status: z.enum(['running', 'finished']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type CrawlEntry = z.infer<typeof CrawlEntry>;

export const DomainEntry = z.object({
  starts: z.array(z.number()),
  pausedUntil: z.number(),
  pauseReason: z.enum(['retry-after', 'cool-down', 'robots']).nullable(),
  crawlDelayMs: z.number().nonnegative(),
});
export type DomainEntry = z.infer<typeof DomainEntry>;

export const ValidatorEntry = z.object({
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  at: z.number(),
});
export type ValidatorEntry = z.infer<typeof ValidatorEntry>;

export type FrontierValue = PageEntry | CrawlEntry | DomainEntry | ValidatorEntry;

/** One record to append; `value: null` deletes the key. */
export interface FrontierRecord {
  key: string;
  value: FrontierValue | null;
}

export const frontierKey = {
  crawl: (crawlId: string) => `crawl|${crawlId}`,
  page: (crawlId: string, fingerprint: string) => `page|${crawlId}|${fingerprint}`,
  domain: (domain: string) => `domain|${domain}`,
  validators: (fingerprint: string) => `validators|${fingerprint}`,
};

export const pendingRecord = (
  crawlId: string,
  request: CrawlRequest,
  at: number,
): FrontierRecord => ({
  key: frontierKey.page(crawlId, request.fingerprint),
  value: { state: 'pending', request: { ...request }, at },
});

/** Every live key, rebuilt by replaying the records in order (what a restart reads back). */
export class FrontierSnapshot {
  readonly crawls = new Map<string, CrawlEntry>();
  readonly pages = new Map<string, Map<string, PageEntry>>();
  readonly domains = new Map<string, DomainEntry>();
  readonly validators = new Map<string, ValidatorEntry>();
  /** Records that did not parse (a newer writer's format, or damage): skipped, and counted. */
  invalid = 0;
  records = 0;

  apply(key: string, value: unknown): void {
    this.records += 1;
    const [kind, first = '', second = ''] = key.split('|');
    switch (kind) {
      case 'crawl':
        return this.set(this.crawls, first, value, CrawlEntry);
      case 'page': {
        let pages = this.pages.get(first);
        if (!pages) {
          pages = new Map();
          this.pages.set(first, pages);
        }
        this.set(pages, second, value, PageEntry);
        if (pages.size === 0) this.pages.delete(first);
        return;
      }
      case 'domain':
        return this.set(this.domains, first, value, DomainEntry);
      case 'validators':
        return this.set(this.validators, first, value, ValidatorEntry);
      default:
        this.invalid += 1;
    }
  }

  private set<T>(map: Map<string, T>, id: string, value: unknown, schema: z.ZodType<T>): void {
    if (value === null) {
      map.delete(id);
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) map.set(id, parsed.data);
    else this.invalid += 1;
  }
}

/** Where the frontier lives: records appended in order, read back whole at start. */
export interface FrontierStore {
  load(): Promise<FrontierSnapshot>;
  /** Resolves once the records are durable, in the order of the calls. */
  append(records: readonly FrontierRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** A frontier in memory: for tests, and for benchmarks of the engine alone. */
export class MemoryFrontierStore implements FrontierStore {
  readonly log: FrontierRecord[] = [];

  load(): Promise<FrontierSnapshot> {
    const snapshot = new FrontierSnapshot();
    for (const record of this.log) {
      snapshot.apply(
        record.key,
        record.value === null ? null : JSON.parse(JSON.stringify(record.value)),
      );
    }
    return Promise.resolve(snapshot);
  }

  append(records: readonly FrontierRecord[]): Promise<void> {
    for (const record of records) {
      this.log.push({
        key: record.key,
        value: record.value === null ? null : structuredClone(record.value),
      });
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
