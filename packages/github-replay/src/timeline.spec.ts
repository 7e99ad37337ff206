import { firstIndexFromClock, Timeline } from './timeline';

const ids = (timeline: Timeline) => timeline.page(100, 1).events.map((event) => BigInt(event.id));

describe('Timeline across restarts', () => {
  it('serves a replay started later only ids past the ones an earlier one served', () => {
    let now = Date.UTC(2026, 11, 2, 10);
    const options = { seed: 42, eventsPerSecond: 20, initialEvents: 100, clock: () => now };
    const first = new Timeline({ ...options, firstIndex: firstIndexFromClock(now, 20) });
    now += 100_000;
    const servedBefore = ids(first);
    now += 60_000;
    const restarted = new Timeline({ ...options, firstIndex: firstIndexFromClock(now, 20) });
    const servedAfter = ids(restarted);

    const newestBefore = servedBefore.reduce((a, b) => (a > b ? a : b));
    expect(servedAfter.every((id) => id > newestBefore)).toBe(true);
  });

  it('replays the seed from its start with firstIndex 0', () => {
    const clock = () => Date.UTC(2026, 11, 2);
    const timeline = new Timeline({ seed: 42, eventsPerSecond: 0, initialEvents: 3, clock });
    expect(ids(timeline)).toEqual([40_000_000_002n, 40_000_000_001n, 40_000_000_000n]);
  });
});
