import type { JobsReplayServer } from '@tributary/jobs-replay';
import type { ServiceProcess } from '@tributary/local-stack';
import { waitUntil } from '@tributary/local-stack';
import { uniqueName } from '@tributary/local-stack/testing';
import { JOB_SOURCES, type JobPostingV2, type JobSource } from '@tributary/schemas';
import { jobPostings, metricSum, replaySourcesFile } from './support/app';
import { duplicatesOf, readChanges } from './support/kafka';
import { limitViolations } from './support/limits';
import { control, startReplay } from './support/replay';

const RUNS = 'tributary_jobs_runs_total';
const ATS: JobSource[] = ['greenhouse', 'lever', 'ashby', 'smartrecruiters'];

/** Runs of `source` that got through, over the processes still running. */
const runsOf = (processes: ServiceProcess[], source: JobSource) =>
  metricSum(processes, RUNS, `source="${source}",outcome="ok"`).then(
    async (ok) => ok + (await metricSum(processes, RUNS, `source="${source}",outcome="partial"`)),
  );

/** Every posting's changes, by revision: 1 is created, and none is missing or repeated. */
function gaps(changes: readonly JobPostingV2[]): string[] {
  const revisions = new Map<string, number[]>();
  for (const change of changes) {
    const list = revisions.get(change.posting_id) ?? [];
    list.push(change.revision);
    revisions.set(change.posting_id, list);
  }
  const problems: string[] = [];
  for (const [id, list] of revisions) {
    list.sort((a, b) => a - b);
    if (list.some((revision, index) => revision !== index + 1))
      problems.push(`${id}: ${list.join(',')}`);
  }
  return problems;
}

/** When a wait fails: each instance's runs and owned sources, and its last log lines. */
async function whereTheyAre(processes: readonly ServiceProcess[]): Promise<string> {
  const reports = await Promise.all(
    processes.map(async (process, index) => {
      const series = (await process.metricsPage())
        .split('\n')
        .filter((line) => /^tributary_jobs_(runs_total|source_owned)[{ ]/.test(line));
      return `instance ${index} (${process.running ? 'running' : 'exited'}):\n${series.join('\n')}\nlog:\n${process.tail(60)}`;
    }),
  );
  return reports.join('\n');
}

/** `waitUntil`, and when it times out, where the instances are. */
function waitOrExplain(
  processes: readonly ServiceProcess[],
  ...[what, condition, options]: Parameters<typeof waitUntil>
): Promise<void> {
  return waitUntil(what, condition, options).catch(async (error: unknown) => {
    throw new Error(`${String(error)}\n${await whereTheyAre(processes)}`, { cause: error });
  });
}

describe('two instances share the sources', () => {
  let replay: JobsReplayServer;
  afterEach(() => replay.close());

  it('publish every change once between them, hand sources over on shutdown, and never exceed a limit', async () => {
    replay = await startReplay({ limits: {} });
    const ns = uniqueName('jobs-two');
    const topic = `${ns}.jobs.postings`;
    const env = {
      SOURCES_FILE: replaySourcesFile(replay, JOB_SOURCES, {
        everyS: 2,
        boards: 3,
        // The ATS run again every few seconds; the aggregators keep their shipped intervals
        // (Remotive 6 h, Jobicy 1 h, …): each runs once, wherever it lives.
        perSource: Object.fromEntries(ATS.map((source) => [source, { minRunIntervalS: 3 }])),
      }),
      OUTPUT_TOPIC: topic,
      STATE_GROUP_ID: ns,
      // Each run's line, for the report of a failed wait.
      LOG_LEVEL: 'info',
    };
    const first = jobPostings({ ...env, INSTANCE_ID: `${ns}-a` });
    const second = jobPostings({ ...env, INSTANCE_ID: `${ns}-b` });
    try {
      first.start();
      await first.ready();
      // Every source once before the second instance joins. A join that cuts a run short makes the
      // new owner wait out the source's request limits, and Jobicy allows one request an hour: the
      // join would stall it past any wait here. The ATS run every few seconds, so the join still
      // lands in the middle of runs.
      await waitOrExplain(
        [first],
        'every source collected',
        async () =>
          (await Promise.all(JOB_SOURCES.map((source) => runsOf([first], source)))).every(
            (runs) => runs >= 1,
          ),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      second.start();
      await second.ready();
      const both = [first, second];
      // Each source is owned by exactly one of them (once the second one's join has settled).
      await waitOrExplain(
        both,
        'the sources split between the two',
        async () => {
          const owned = await Promise.all(
            both.map((process) => process.metric('tributary_jobs_source_owned')),
          );
          return owned.every((count) => count > 0) && owned[0]! + owned[1]! === JOB_SOURCES.length;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );

      // A source that moved while its run was on may wait its longest limit window (60 s) at the
      // new owner (decision 0035): the waits below allow for that.
      await control.advance(replay, { days: 3 });
      const before = await Promise.all(ATS.map((source) => runsOf(both, source)));
      await waitOrExplain(
        both,
        'the boards collected again after the clock moved',
        async () =>
          (await Promise.all(ATS.map((source) => runsOf(both, source)))).every(
            (runs, index) => runs > before[index]!,
          ),
        { timeoutMs: 120_000, intervalMs: 500 },
      );

      // The first instance leaves: the second takes its sources over and goes on with them.
      expect(await first.stop('SIGTERM')).toBe(0);
      await second.metricReaches('tributary_jobs_source_owned', JOB_SOURCES.length, 60_000);
      await control.advance(replay, { days: 3 });
      const after = await Promise.all(ATS.map((source) => runsOf([second], source)));
      await waitOrExplain(
        [second],
        'the second instance collected every board',
        async () =>
          (await Promise.all(ATS.map((source) => runsOf([second], source)))).every(
            (runs, index) => runs > after[index]!,
          ),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(await second.stop('SIGTERM')).toBe(0);

      const changes = await readChanges(topic);
      expect(changes.length).toBeGreaterThan(500);
      expect(duplicatesOf(changes)).toEqual([]);
      expect(gaps(changes)).toEqual([]);
      expect(new Set(changes.map((change) => change.source))).toEqual(new Set(JOB_SOURCES));
      for (const kind of ['created', 'updated', 'closed'] as const) {
        expect(changes.some((change) => change.change === kind)).toBe(true);
      }
      const { requests } = await control.requests(replay);
      expect(limitViolations(requests)).toEqual([]);
      // Remotive (at most 4 a day) and Jobicy (one an hour) were each fetched once, by one instance.
      expect(requests.filter((request) => request.source === 'remotive')).toHaveLength(1);
      expect(requests.filter((request) => request.source === 'jobicy')).toHaveLength(1);
    } finally {
      await first.stop('SIGKILL');
      await second.stop('SIGKILL');
    }
  }, 400_000);
});
