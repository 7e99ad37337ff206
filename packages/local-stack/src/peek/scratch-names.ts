/**
 * Names that tests and one-off runs make: a word, a dash, then a run id of hex digits (at least 4,
 * one of them a digit) somewhere in the first dot-separated segment, as `uniqueName()` makes them
 * (`it-1a2b3c4d.github.events.matched`, `it-98e31577-bronze`, `reader-3a132a10`,
 * `scraper-scan-f34ff9c6-5eff-…`, `manual-11086.jobs.postings`). `peek` hides them unless asked and
 * `stack reset` removes them.
 */
export function isScratchName(name: string): boolean {
  const firstSegment = name.split('.')[0] ?? '';
  const tokens = firstSegment.split('-');
  return (
    tokens.length > 1 &&
    tokens.slice(1).some((token) => /^[0-9a-f]{4,}$/.test(token) && /\d/.test(token))
  );
}
