import { randomForKey, weighted } from './random';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { floor, max, min, round } = Math;

/**
 * How postings come and go on one board or feed. The board has `seats`; each seat holds one
 * posting after another. Time is cut, per seat, into cycles of a fixed length (drawn per seat from
 * `lifetimeMs`, with a random phase): a posting opens a little after its cycle starts, may be edited
 * a few times, and closes when the cycle ends. So the postings open at any instant are computed
 * directly from the time, with no history to replay, and any two callers agree on them.
 */
export interface LifecycleOptions {
  seats: number;
  lifetimeMs: readonly [number, number];
  /** The most edits one posting gets over its life. */
  maxEdits: number;
}

/** One posting's life: which seat and cycle it is, when it opens, changes and closes. */
export interface PostingSlot {
  seat: number;
  cycle: number;
  /** The key every derived value of this posting is generated from. */
  key: string;
  openedAt: number;
  closesAt: number;
  /** When each edit happens, ascending; version n+1 starts at editTimes[n-1]. */
  editTimes: readonly number[];
}

interface SeatTiming {
  length: number;
  phase: number;
}

function seatTiming(feedKey: string, seat: number, options: LifecycleOptions): SeatTiming {
  const random = randomForKey(feedKey, 'seat', seat);
  const [shortest, longest] = options.lifetimeMs;
  const length = max(1000, round(shortest + random() * max(0, longest - shortest)));
  return { length, phase: floor(random() * length) };
}

function slotFor(
  feedKey: string,
  seat: number,
  cycle: number,
  timing: SeatTiming,
  options: LifecycleOptions,
): PostingSlot {
  const random = randomForKey(feedKey, 'cycle', seat, cycle);
  const start = timing.phase + cycle * timing.length;
  const openedAt = start + floor(timing.length * (0.03 + 0.17 * random()));
  const closesAt = start + timing.length;
  const edits = min(
    options.maxEdits,
    weighted(random, [
      [0, 45],
      [1, 30],
      [2, 17],
      [3, 8],
    ]),
  );
  const span = closesAt - openedAt;
  const editTimes = Array.from(
    { length: edits },
    () => openedAt + floor(span * (0.05 + 0.9 * random())),
  )
    .sort((a, b) => a - b)
    // Two edits in the same millisecond would hide a version; keep them apart.
    .map((time, index, all) => (index > 0 && time <= (all[index - 1] ?? 0) ? time + index : time));
  return { seat, cycle, key: `${feedKey}/${seat}/${cycle}`, openedAt, closesAt, editTimes };
}

/** The posting whose cycle covers `at` in this seat (it may not have opened yet). */
export function slotAt(
  feedKey: string,
  seat: number,
  at: number,
  options: LifecycleOptions,
): PostingSlot {
  const timing = seatTiming(feedKey, seat, options);
  const cycle = floor((at - timing.phase) / timing.length);
  return slotFor(feedKey, seat, cycle, timing, options);
}

/** A specific posting, by seat and cycle. */
export function slotByCycle(
  feedKey: string,
  seat: number,
  cycle: number,
  options: LifecycleOptions,
): PostingSlot {
  return slotFor(feedKey, seat, cycle, seatTiming(feedKey, seat, options), options);
}

export function isOpen(slot: PostingSlot, at: number): boolean {
  return slot.openedAt <= at && at < slot.closesAt;
}

/** 1 as first published, +1 for every edit made by `at`. */
export function versionAt(slot: PostingSlot, at: number): number {
  let version = 1;
  for (const time of slot.editTimes) if (time <= at) version += 1;
  return version;
}

/** When the posting last changed as of `at` (its opening, or its latest edit). */
export function updatedAt(slot: PostingSlot, at: number): number {
  let latest = slot.openedAt;
  for (const time of slot.editTimes) if (time <= at) latest = time;
  return latest;
}
