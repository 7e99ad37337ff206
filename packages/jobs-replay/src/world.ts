import { slugify } from './content/companies';
import {
  postingContent,
  type ContentOptions,
  type PostingContent,
} from './content/posting-content';
import { KNOWN_BOARDS } from './known-boards';
import {
  isOpen,
  slotAt,
  slotByCycle,
  updatedAt,
  versionAt,
  type LifecycleOptions,
  type PostingSlot,
} from './lifecycle';
import { hashKey, intBetween, randomForKey, uuidFor, weighted } from './random';
import {
  ATS_SOURCES,
  FEED_TENANT,
  isAtsSource,
  type AtsSource,
  type FeedSource,
  type PostingSource,
} from './sources';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { floor } = Math;

const DAY_MS = 86_400_000;

export interface WorldOptions {
  seed: number;
  /** Seats per ATS board when the board has no explicit size: a range drawn per board. */
  boardSizeRange?: readonly [number, number];
  /** Explicit seats per board, keyed `source/tenant` (e.g. `greenhouse/bench`: 50000). */
  boardSizes?: Readonly<Record<string, number>>;
  /** Seats per aggregator feed. */
  feedSizes?: Readonly<Partial<Record<FeedSource, number>>>;
  /** How long an ATS posting stays open, in days (min, max). */
  lifetimeDays?: readonly [number, number];
  /** How long an aggregator posting stays open, in days (min, max). */
  feedLifetimeDays?: readonly [number, number];
  /** Description size range, bytes of HTML. */
  descriptionBytes?: readonly [number, number];
  /** Share of aggregator postings that are copies of an ATS posting. */
  copyRate?: number;
  /** The boards copies are taken from (default: the known boards). */
  copyTenants?: Readonly<Partial<Record<AtsSource, readonly string[]>>>;
  /** Boards that do not exist: `source/tenant`, or a bare tenant for every ATS. */
  missingBoards?: readonly string[];
}

export const DEFAULT_FEED_SIZES: Readonly<Record<FeedSource, number>> = {
  remotive: 150,
  remoteok: 100,
  arbeitnow: 320,
  jobicy: 200,
  himalayas: 400,
};

/** Remotive shows jobs 24 hours after they are posted. */
const PUBLISH_DELAY_MS: Readonly<Partial<Record<PostingSource, number>>> = { remotive: DAY_MS };

const SALARY_RATE: Readonly<Record<PostingSource, number>> = {
  greenhouse: 0.55,
  lever: 0.55,
  ashby: 0.6,
  smartrecruiters: 0.4,
  remotive: 0.6,
  remoteok: 0.5,
  arbeitnow: 0.15,
  jobicy: 0.45,
  himalayas: 0.55,
};

/** Where a copied aggregator posting came from. */
export interface CopyRef {
  source: AtsSource;
  tenant: string;
  id: string;
  version: number;
}

/** One posting as a listing at some instant shows it. */
export interface PostingState {
  source: PostingSource;
  tenant: string;
  /** The source's own id (Greenhouse numbers are carried as strings here). */
  id: string;
  slot: PostingSlot;
  version: number;
  openedAt: number;
  updatedAt: number;
  closesAt: number;
  content: PostingContent;
  copyOf: CopyRef | null;
}

function tenantKey(source: PostingSource, tenant: string): string {
  return `${source}/${tenant.toLowerCase()}`;
}

/**
 * The generated job market: every board and feed, at any instant. Pure: the same options and
 * instant always give the same postings, so tests and benchmarks can compute what a server shows.
 */
export class JobsWorld {
  readonly seed: number;
  private readonly missing: Set<string>;
  private readonly cache = new Map<string, PostingContent>();

  constructor(readonly options: WorldOptions) {
    this.seed = options.seed;
    this.missing = new Set((options.missingBoards ?? []).map((name) => name.toLowerCase()));
  }

  setMissingBoards(names: readonly string[]): void {
    this.missing.clear();
    for (const name of names) this.missing.add(name.toLowerCase());
  }

  missingBoards(): string[] {
    return [...this.missing];
  }

  boardExists(source: AtsSource, tenant: string): boolean {
    const lower = tenant.toLowerCase();
    return !this.missing.has(lower) && !this.missing.has(tenantKey(source, lower));
  }

  private feedKey(source: PostingSource, tenant: string): string {
    return `${this.seed}/${tenantKey(source, tenant)}`;
  }

  seatsFor(source: PostingSource, tenant: string): number {
    if (!isAtsSource(source)) {
      return this.options.feedSizes?.[source] ?? DEFAULT_FEED_SIZES[source];
    }
    const explicit = this.options.boardSizes?.[tenantKey(source, tenant)];
    if (explicit !== undefined) return explicit;
    const [low, high] = this.options.boardSizeRange ?? [5, 60];
    return intBetween(randomForKey(this.seed, 'board-size', tenantKey(source, tenant)), low, high);
  }

  lifecycle(source: PostingSource, tenant: string): LifecycleOptions {
    const ats = isAtsSource(source);
    const [low, high] = ats
      ? (this.options.lifetimeDays ?? [10, 60])
      : (this.options.feedLifetimeDays ?? [3, 30]);
    return {
      seats: this.seatsFor(source, tenant),
      lifetimeMs: [low * DAY_MS, high * DAY_MS],
      maxEdits: ats ? 3 : 1,
    };
  }

  contentOptions(source: PostingSource, tenant: string): ContentOptions {
    const [low, high] = this.options.descriptionBytes ?? [1024, 6144];
    return {
      style: isAtsSource(source) ? 'ats' : source === 'arbeitnow' ? 'german-feed' : 'remote-feed',
      tenant,
      salaryRate: SALARY_RATE[source],
      descriptionBytes: [low, high],
    };
  }

  /** The source's id for a posting. */
  nativeId(
    source: PostingSource,
    tenant: string,
    slot: PostingSlot,
    firstTitle: () => string,
  ): string {
    const seats = this.seatsFor(source, tenant);
    const serial = slot.cycle * seats + slot.seat;
    const base = hashKey(this.seed, 'id-base', tenantKey(source, tenant));
    switch (source) {
      case 'greenhouse':
        return String(4_000_000_000 + (base % 900_000_000) + serial);
      case 'lever':
      case 'ashby':
        return uuidFor(this.seed, source, tenant.toLowerCase(), slot.seat, slot.cycle);
      case 'smartrecruiters':
        return String(744_000_000_000_000 + (base % 90_000_000) * 1_000_000 + serial);
      case 'remotive':
        return String(1_900_000 + serial);
      case 'remoteok':
        return String(1_090_000 + serial);
      case 'jobicy':
        return String(100_000 + serial);
      case 'arbeitnow':
        return `${slugify(firstTitle())}-${serial}`;
      case 'himalayas':
        return `${slugify(firstTitle())}-${serial}`;
    }
  }

  /** The SmartRecruiters posting behind an id, if the id belongs to this board. */
  slotForSmartRecruitersId(tenant: string, id: string): PostingSlot | undefined {
    if (!/^\d{15,16}$/.test(id)) return undefined;
    const seats = this.seatsFor('smartrecruiters', tenant);
    const base = hashKey(this.seed, 'id-base', tenantKey('smartrecruiters', tenant));
    const serial = Number(id) - (744_000_000_000_000 + (base % 90_000_000) * 1_000_000);
    if (!Number.isSafeInteger(serial) || serial < 0) return undefined;
    return slotByCycle(
      this.feedKey('smartrecruiters', tenant),
      serial % seats,
      floor(serial / seats),
      this.lifecycle('smartrecruiters', tenant),
    );
  }

  private content(
    source: PostingSource,
    tenant: string,
    slot: PostingSlot,
    version: number,
  ): PostingContent {
    const cacheKey = `${slot.key}#${version}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const content = postingContent(slot.key, this.contentOptions(source, tenant), version);
    if (this.cache.size >= 4000) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(cacheKey, content);
    return content;
  }

  /** An aggregator posting may be a copy of an ATS posting open when it was published. */
  private copySource(slot: PostingSlot): { ref: CopyRef; atsSlot: PostingSlot } | null {
    const random = randomForKey(slot.key, 'copy');
    if (random() >= (this.options.copyRate ?? 0.15)) return null;
    const pool = this.options.copyTenants ?? KNOWN_BOARDS;
    const candidates = ATS_SOURCES.filter((candidate) => (pool[candidate]?.length ?? 0) > 0);
    if (candidates.length === 0) return null;
    const atsSource = weighted(
      random,
      candidates.map((candidate) => [candidate, pool[candidate]?.length ?? 0] as const),
    );
    const tenants = pool[atsSource] ?? [];
    const tenant = tenants[floor(random() * tenants.length)];
    if (!tenant || !this.boardExists(atsSource, tenant)) return null;
    const lifecycle = this.lifecycle(atsSource, tenant);
    const seat = floor(random() * lifecycle.seats);
    const atsSlot = slotAt(this.feedKey(atsSource, tenant), seat, slot.openedAt, lifecycle);
    if (!isOpen(atsSlot, slot.openedAt)) return null;
    const version = versionAt(atsSlot, slot.openedAt);
    const id = this.nativeId(
      atsSource,
      tenant,
      atsSlot,
      () => this.content(atsSource, tenant, atsSlot, 1).title,
    );
    return { ref: { source: atsSource, tenant, id, version }, atsSlot };
  }

  private stateFor(
    source: PostingSource,
    tenant: string,
    slot: PostingSlot,
    at: number,
  ): PostingState {
    const copy = isAtsSource(source) ? null : this.copySource(slot);
    // A copy is a snapshot of the ATS posting as it read when the aggregator picked it up.
    const version = copy ? 1 : versionAt(slot, at);
    const content = copy
      ? this.content(copy.ref.source, copy.ref.tenant, copy.atsSlot, copy.ref.version)
      : this.content(source, tenant, slot, version);
    return {
      source,
      tenant,
      id: this.nativeId(source, tenant, slot, () =>
        copy ? content.title : this.content(source, tenant, slot, 1).title,
      ),
      slot,
      version,
      openedAt: slot.openedAt,
      updatedAt: copy ? slot.openedAt : updatedAt(slot, at),
      closesAt: slot.closesAt,
      content,
      copyOf: copy?.ref ?? null,
    };
  }

  /** The postings a listing shows at `at`, newest first. Empty for a board that does not exist. */
  openPostings(source: PostingSource, tenant: string, at: number): PostingState[] {
    return [...this.iterateOpen(source, tenant, at)].sort(
      (a, b) => b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1),
    );
  }

  /** The open postings in seat order, generated one at a time (for very large boards). */
  *iterateOpen(source: PostingSource, tenant: string, at: number): Generator<PostingState> {
    const name = isAtsSource(source) ? tenant : FEED_TENANT;
    if (isAtsSource(source) && !this.boardExists(source, name)) return;
    const delay = PUBLISH_DELAY_MS[source] ?? 0;
    const lifecycle = this.lifecycle(source, name);
    const feedKey = this.feedKey(source, name);
    for (let seat = 0; seat < lifecycle.seats; seat++) {
      const slot = slotAt(feedKey, seat, at, lifecycle);
      if (isOpen(slot, at) && slot.openedAt + delay <= at)
        yield this.stateFor(source, name, slot, at);
    }
  }

  /** One posting by slot, as it reads at `at` (whether or not it is open then). */
  postingAt(source: PostingSource, tenant: string, slot: PostingSlot, at: number): PostingState {
    return this.stateFor(source, isAtsSource(source) ? tenant : FEED_TENANT, slot, at);
  }
}
