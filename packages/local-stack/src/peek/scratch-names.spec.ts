import { isScratchName } from './scratch-names';

describe('isScratchName', () => {
  it.each([
    'it-1a2b3c4d.github.events.matched',
    'it-98e31577-failing.github.events.matched',
    'it-98e31577-bronze',
    'e2e-bdd38470-bronze',
    'reader-3a132a10',
    'scraper-scan-f34ff9c6-5eff-4c92-97bb-4c4e59cabe07',
    'manual-11086.scraper.frontier',
    'tributary-run-watch-0a1b2c3d',
  ])('treats %s as scratch', (name) => {
    expect(isScratchName(name)).toBe(true);
  });

  it.each([
    'github.events.matched',
    'github.events.matched.dlq',
    'bronze.files',
    'bronze',
    'tributary-bronze-sink',
    'staging.jobs.postings',
    'scraper.frontier',
    'deadbeef-cafe',
  ])('keeps %s', (name) => {
    expect(isScratchName(name)).toBe(false);
  });
});
