import type { JobSource } from '@tributary/schemas';
import {
  StateRecord,
  type ListingCursor,
  type PostingState,
  type RunLedger,
} from './state-records';

const tenantKey = (source: JobSource, tenant: string | null) => `${source}|${tenant ?? ''}`;

/**
 * Everything one state-topic partition holds, in memory: postings by id (and by source + tenant),
 * each source's run ledger and the listing cursors. Built by replaying the partition, then kept
 * current by applying what each committed transaction wrote.
 */
export class PartitionState {
  private readonly postings = new Map<string, PostingState>();
  private readonly byTenant = new Map<string, Map<string, PostingState>>();
  private readonly runs = new Map<JobSource, RunLedger>();
  private readonly cursors = new Map<string, ListingCursor>();
  /** Records that did not validate (written by an incompatible version), skipped. */
  unreadable = 0;

  constructor(readonly partition: number) {}

  /** Applies one record of the topic: a value, or a tombstone (null) deleting its key. */
  applyRaw(key: string, value: Buffer | null): void {
    if (value === null) {
      this.delete(key);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch {
      this.unreadable += 1;
      return;
    }
    const parsed = StateRecord.safeParse(json);
    if (parsed.success) this.apply(parsed.data);
    else this.unreadable += 1;
  }

  apply(record: StateRecord): void {
    switch (record.kind) {
      case 'posting': {
        this.postings.set(record.posting_id, record);
        const key = tenantKey(record.source, record.tenant);
        let tenant = this.byTenant.get(key);
        if (!tenant) this.byTenant.set(key, (tenant = new Map<string, PostingState>()));
        tenant.set(record.posting_id, record);
        return;
      }
      case 'run':
        this.runs.set(record.source, record);
        return;
      case 'cursor':
        this.cursors.set(tenantKey(record.source, record.tenant), record);
    }
  }

  delete(key: string): void {
    if (key.startsWith('posting:')) {
      const id = key.slice('posting:'.length);
      const posting = this.postings.get(id);
      if (!posting) return;
      this.postings.delete(id);
      this.byTenant.get(tenantKey(posting.source, posting.tenant))?.delete(id);
    } else if (key.startsWith('run:')) {
      this.runs.delete(key.slice('run:'.length) as JobSource);
    } else if (key.startsWith('cursor:')) {
      const [, source = '', tenant = ''] = key.split(':');
      this.cursors.delete(`${source}|${tenant}`);
    }
  }

  posting(postingId: string): PostingState | undefined {
    return this.postings.get(postingId);
  }

  /** The postings of one board or feed. */
  tenant(source: JobSource, tenant: string | null): ReadonlyMap<string, PostingState> {
    return this.byTenant.get(tenantKey(source, tenant)) ?? new Map();
  }

  /** Every posting of a source, all tenants. */
  *ofSource(source: JobSource): Generator<PostingState> {
    for (const posting of this.postings.values()) if (posting.source === source) yield posting;
  }

  run(source: JobSource): RunLedger | undefined {
    return this.runs.get(source);
  }

  cursor(source: JobSource, tenant: string | null): number | null {
    return this.cursors.get(tenantKey(source, tenant))?.value ?? null;
  }

  counts(source: JobSource): { open: number; closed: number } {
    let open = 0;
    let closed = 0;
    for (const posting of this.ofSource(source)) {
      if (posting.status === 'open') open += 1;
      else closed += 1;
    }
    return { open, closed };
  }

  get size(): number {
    return this.postings.size;
  }
}
