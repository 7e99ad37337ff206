import { greenhouseBoardJobs } from '@tributary/jobs-replay';

/**
 * Writes a generated Greenhouse board to stdout as pages: one JSON array of `pageSize` jobs per line.
 * Run as its own process, so generating the board costs the measured process neither CPU nor memory.
 */
function main(): void {
  const postings = Number(process.argv[2] ?? 50_000);
  const pageSize = Number(process.argv[3] ?? 500);
  const at = Number(process.argv[4] ?? Date.UTC(2026, 2, 10, 12));
  let page: Record<string, unknown>[] = [];
  const flush = (done: () => void) => {
    const line = `${JSON.stringify(page)}\n`;
    page = [];
    if (process.stdout.write(line)) done();
    else process.stdout.once('drain', done);
  };
  const jobs = greenhouseBoardJobs({
    seed: 2026,
    tenant: 'bench',
    at,
    postings,
    descriptionBytes: [3_500, 4_600],
  });
  const next = (): void => {
    for (;;) {
      const job = jobs.next();
      if (job.done) {
        if (page.length > 0) flush(() => undefined);
        return;
      }
      page.push(job.value);
      if (page.length >= pageSize) {
        flush(next);
        return;
      }
    }
  };
  next();
}

main();
