import { BackfillProgress } from './backfill-progress';

describe('BackfillProgress', () => {
  it('estimates the time left from the pace so far, counting the part of the current hour read', () => {
    let now = 0;
    const progress = new BackfillProgress(4, () => now);
    expect(progress.remainingText()).toBe('time left not known yet');
    now = 60_000;
    progress.within(0.5);
    // An eighth done in a minute: seven more minutes.
    expect(progress.fraction()).toBe(0.125);
    expect(progress.remainingMs()).toBe(420_000);
    expect(progress.remainingText()).toBe('about 7 min left');
    progress.hourDone();
    progress.hourDone();
    progress.hourDone();
    now = 120_000;
    expect(progress.remainingText()).toBe('about 40 s left');
  });

  it('is done at once when the checkpoint already has every hour', () => {
    expect(new BackfillProgress(0).fraction()).toBe(1);
  });
});
