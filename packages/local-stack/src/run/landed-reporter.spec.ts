import { LandedTally } from './landed-reporter';

const file = (hr: string, records: number, kind = 'file', bucket = 'bronze') =>
  JSON.stringify({
    kind,
    topic: 'github.events.matched',
    partition: 0,
    first_offset: '0',
    last_offset: '9',
    records,
    bytes: 100,
    uri: `s3://${bucket}/x.parquet`,
    dt: '2026-12-02',
    hr,
  });

describe('LandedTally', () => {
  it('sums files and records per hour since the last report, keeps the run total, and lists completed hours', () => {
    const tally = new LandedTally('bronze');
    expect(tally.report()).toEqual([]);
    tally.take(file('05', 1_200));
    tally.take(file('05', 30));
    tally.take(file('06', 1));
    tally.take('not json');
    tally.take(JSON.stringify({ kind: 'something-else' }));
    tally.take(
      JSON.stringify({
        kind: 'hour_complete',
        topic: 'github.events.matched',
        dt: '2026-12-02',
        hr: '05',
        uri: 's3://bronze/github.events.matched/dt=2026-12-02/hr=05/',
      }),
    );
    expect(tally.report()).toEqual([
      'landed github.events.matched dt=2026-12-02 hr=05: 2 files, 1,230 records (this run: 3 files, 1,231 records)',
      'landed github.events.matched dt=2026-12-02 hr=06: 1 file, 1 records (this run: 3 files, 1,231 records)',
      'hour complete (_SUCCESS): github.events.matched dt=2026-12-02 hr=05',
    ]);
    expect(tally.report()).toEqual([]);
    tally.take(file('06', 9));
    expect(tally.report()).toEqual([
      'landed github.events.matched dt=2026-12-02 hr=06: 1 file, 9 records (this run: 4 files, 1,240 records)',
    ]);
    expect(tally.totals()).toEqual({ files: 4, records: 1_240 });
  });

  it("ignores other buckets' announcements (a benchmark's sink shares bronze.files) and reports late files", () => {
    const tally = new LandedTally('bronze');
    tally.take(file('05', 500, 'file', 'bench-1234-bronze'));
    tally.take(file('05', 3));
    tally.take(file('05', 3, 'late'));
    expect(tally.report()).toEqual([
      'landed github.events.matched dt=2026-12-02 hr=05: 1 file, 3 records (this run: 1 files, 3 records)',
      'late file in an hour already complete: github.events.matched dt=2026-12-02 hr=05',
    ]);
  });
});
