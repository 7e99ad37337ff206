import type { GithubEvent } from '@tributary/schemas';
import { generateEvent } from './event-generator';

export interface TimelineOptions {
  seed: number;
  /** New events per second of wall-clock time; 0 for a timeline that only moves on `advance`. */
  eventsPerSecond: number;
  /** Events already on the timeline at start. */
  initialEvents: number;
  /**
   * The first event's position on GitHub's whole timeline (its id is `FIRST_EVENT_ID` plus it); 0 by
   * default. A replay restarted later must start past the ids it served before, as GitHub's do,
   * or a poller that remembers them rightly drops everything it is served (main.ts).
   */
  firstIndex?: number;
  clock?: () => number;
}

/** GitHub keeps at most this many events on `GET /events`. */
export const TIMELINE_WINDOW = 300;

const CLOCK_ORIGIN_MS = Date.UTC(2026, 0, 1);

/**
 * Where a replay started at `nowMs` begins: past every event an earlier replay with the same rate
 * can have served (it advances `eventsPerSecond` per second of the clock since 2026).
 */
export function firstIndexFromClock(nowMs: number, eventsPerSecond: number): number {
  return Math.max(0, Math.floor(((nowMs - CLOCK_ORIGIN_MS) / 1000) * Math.max(1, eventsPerSecond)));
}

/**
 * The public timeline: an ever-growing sequence of generated events, of which the newest 300 are
 * visible, like GitHub's. Deterministic for a seed, so tests know what a poller must have seen.
 */
export class Timeline {
  private readonly clock: () => number;
  private readonly startedAt: number;
  private advanced = 0;
  private readonly cache = new Map<number, GithubEvent>();

  constructor(private readonly options: TimelineOptions) {
    this.clock = options.clock ?? Date.now;
    this.startedAt = this.clock();
  }

  /** How many events have ever been published. */
  count(): number {
    const elapsedS = (this.clock() - this.startedAt) / 1000;
    return (
      this.options.initialEvents +
      this.advanced +
      Math.floor(elapsedS * this.options.eventsPerSecond)
    );
  }

  advance(events: number): void {
    this.advanced += events;
  }

  event(index: number): GithubEvent {
    let event = this.cache.get(index);
    if (!event) {
      event = generateEvent({
        seed: this.options.seed,
        index: (this.options.firstIndex ?? 0) + index,
        createdAt: new Date(this.clock()),
        legacyPush: false,
      });
      this.cache.set(index, event);
      if (this.cache.size > TIMELINE_WINDOW * 4) {
        const oldest = this.cache.keys().next().value as number;
        this.cache.delete(oldest);
      }
    }
    return event;
  }

  /** The visible window, newest first, as `GET /events` pages it. */
  page(perPage: number, page: number): { events: GithubEvent[]; pages: number } {
    const total = this.count();
    const visible = Math.min(total, TIMELINE_WINDOW);
    const pages = Math.max(1, Math.ceil(visible / perPage));
    const events: GithubEvent[] = [];
    const from = (page - 1) * perPage;
    for (let offset = from; offset < Math.min(from + perPage, visible); offset++) {
      events.push(this.event(total - 1 - offset));
    }
    return { events, pages };
  }
}
