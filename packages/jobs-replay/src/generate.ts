import { greenhouseJob } from './renderers/greenhouse';
import type { PostingSource } from './sources';
import { JobsWorld, type PostingState, type WorldOptions } from './world';

export interface BoardSnapshotOptions {
  seed: number;
  source: PostingSource;
  tenant: string;
  /** The instant of the snapshot (epoch ms). */
  at: number;
  /** How many open postings to produce. */
  postings: number;
  /** Description size range in bytes of HTML (default 1–6 KB). */
  descriptionBytes?: readonly [number, number];
  /** Other world options (lifetimes, copy rate). */
  world?: Omit<WorldOptions, 'seed' | 'boardSizes' | 'feedSizes' | 'descriptionBytes'>;
}

/** Every seat is open at least 80 % of its cycle, so this many seats always hold enough postings. */
function seatsFor(postings: number): number {
  return Math.ceil(postings / 0.75) + 8;
}

/** The world a snapshot is cut from: the board sized for the wanted number of postings. */
export function snapshotWorld(options: BoardSnapshotOptions): JobsWorld {
  const seats = seatsFor(options.postings);
  const key = `${options.source}/${options.tenant.toLowerCase()}`;
  return new JobsWorld({
    ...options.world,
    seed: options.seed,
    boardSizes: { [key]: seats },
    feedSizes: { [options.source]: seats },
    descriptionBytes: options.descriptionBytes,
  });
}

/**
 * Exactly `postings` open postings of one board (fewer only if the board is missing), generated
 * lazily in seat order so a 50,000-posting board never has to sit in memory at once.
 */
export function* boardSnapshot(options: BoardSnapshotOptions): Generator<PostingState> {
  let produced = 0;
  for (const posting of snapshotWorld(options).iterateOpen(
    options.source,
    options.tenant,
    options.at,
  )) {
    if (produced >= options.postings) return;
    produced += 1;
    yield posting;
  }
}

/** `jobs[]` elements of a Greenhouse board (`content=true` by default), one at a time. */
export function* greenhouseBoardJobs(
  options: Omit<BoardSnapshotOptions, 'source'> & { content?: boolean },
): Generator<Record<string, unknown>> {
  for (const posting of boardSnapshot({ ...options, source: 'greenhouse' })) {
    yield greenhouseJob(posting, options.tenant, options.content ?? true);
  }
}
