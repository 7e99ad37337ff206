import { emptyCounters } from '../engine/crawl-context';
import { progressLine } from './progress';

describe('progress lines', () => {
  it('say where the crawl is, in one line', () => {
    const line = progressLine({
      crawlId: 'shot-charts:2024-11-01:2024-11-05',
      spider: 'shot-charts',
      range: { from: '2024-11-01', to: '2024-11-05' },
      outcome: 'running',
      pages: { done: 120, failed: 2, open: 35 },
      counters: { ...emptyCounters(), itemsPublished: 15_231, fetches: 130, retries: 3 },
      durationMs: 61_400,
    });
    expect(line).toBe(
      'shot-charts 2024-11-01..2024-11-05 running after 61 s: 120 pages done, 2 failed, 35 to go; ' +
        '15,231 items published (0 already published, 0 invalid); 130 fetches, 3 retries, 0 not modified, ' +
        '0 blocked by robots.txt, 0 dead-lettered',
    );
  });
});
