import { VirtualClock } from './clock';

describe('VirtualClock', () => {
  it('runs at real time × speed, plus explicit advances, and resets to its start', () => {
    let real = 1_000_000;
    const clock = new VirtualClock({ start: 5_000, speed: 60, realNow: () => real });
    expect(clock.now()).toBe(5_000);
    real += 1_000;
    expect(clock.now()).toBe(65_000);
    expect(clock.advance(3_600_000)).toBe(3_665_000);
    clock.setSpeed(0);
    real += 10_000;
    expect(clock.now()).toBe(3_665_000);
    clock.setSpeed(2);
    real += 500;
    expect(clock.now()).toBe(3_666_000);
    expect(clock.set(42)).toBe(42);
    real += 1;
    expect(clock.now()).toBe(44);
    clock.reset();
    expect(clock.now()).toBe(5_000);
    expect(clock.getSpeed()).toBe(60);
  });
});
