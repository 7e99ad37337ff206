import type { JobsReplayServer } from '@tributary/jobs-replay';
import { uniqueName } from '@tributary/local-stack/testing';
import { waitUntil } from '@tributary/local-stack';
import type { JobPostingV2 } from '@tributary/schemas';
import { jobPostings, replaySourcesFile } from './support/app';
import { duplicatesOf, readChanges } from './support/kafka';
import { limitViolations } from './support/limits';
import { control, greenhouseRenders, startReplay } from './support/replay';

const PUBLISHED = 'tributary_jobs_postings_published_total';
const RUNS = 'tributary_jobs_runs_total';

const ids = (changes: readonly JobPostingV2[], change: JobPostingV2['change']) =>
  changes
    .filter((one) => one.change === change)
    .map((one) => `${one.tenant}/${one.source_id}`)
    .sort();

const BOARDS = 12;

describe('exactly once across kill -9', () => {
  let replay: JobsReplayServer;
  afterEach(() => replay.close());

  it('publishes every change once and loses none when killed mid-run and restarted, twice', async () => {
    // The replay's own (documented) limits, so the request log shows whether any was ever exceeded.
    replay = await startReplay({ limits: {} });
    const ns = uniqueName('jobs-kill');
    const topic = `${ns}.jobs.postings`;
    const env = {
      SOURCES_FILE: replaySourcesFile(replay, ['greenhouse'], {
        boards: BOARDS,
        everyS: 1,
        minRunIntervalS: 1,
        // ~0.4 s between boards: a run takes ~5 s, time enough to kill it in the middle.
        request: { delayMs: 350, jitterMs: 100, limits: [{ count: 20, windowS: 4 }] },
      }),
      OUTPUT_TOPIC: topic,
      STATE_GROUP_ID: ns,
    };
    const killMidRun = async (before: number) => {
      const app = jobPostings(env);
      app.start();
      await app.ready();
      // Killed once this process has published something, before its run finished.
      await waitUntil('a page published', async () => (await app.metric(PUBLISHED)) > 0, {
        timeoutMs: 60_000,
        intervalMs: 50,
        isAlive: () => app.running,
      });
      expect(await app.metric(RUNS)).toBe(0);
      expect(await app.stop('SIGKILL')).toBeNull();
      const changes = await readChanges(topic);
      expect(changes.length).toBeGreaterThan(before);
    };
    const runToEnd = async () => {
      const app = jobPostings(env);
      app.start();
      await app.ready();
      await app.metricReaches(RUNS, 1, 90_000, 'outcome="ok"');
      expect(await app.stop('SIGTERM')).toBe(0);
    };

    await killMidRun(0);
    await runToEnd();
    const first = await readChanges(topic);
    const boards = (await control.truth(replay, 'greenhouse')).boards.map((board) => board.tenant);
    expect(boards).toHaveLength(BOARDS);
    const open = greenhouseRenders(replay, boards);
    expect(duplicatesOf(first)).toEqual([]);
    expect(ids(first, 'created')).toEqual([...open.keys()].sort());
    expect(first.every((change) => change.change === 'created')).toBe(true);

    await control.advance(replay, { days: 4 });
    await killMidRun(first.length);
    await runToEnd();
    const all = await readChanges(topic);
    expect(duplicatesOf(all)).toEqual([]);
    const seen = new Set(first.map((change) => `${change.posting_id}#${change.revision}`));
    // Partitions interleave differently on every read: take the new changes by key.
    const second = all.filter((change) => !seen.has(`${change.posting_id}#${change.revision}`));
    const now = greenhouseRenders(replay, boards);
    expect(ids(second, 'created')).toEqual([...now.keys()].filter((id) => !open.has(id)).sort());
    expect(ids(second, 'closed')).toEqual([...open.keys()].filter((id) => !now.has(id)).sort());
    expect(ids(second, 'updated')).toEqual(
      [...now]
        .filter(([id, render]) => open.has(id) && open.get(id) !== render)
        .map(([id]) => id)
        .sort(),
    );
    expect(second.length).toBeGreaterThan(10);

    const { requests } = await control.requests(replay);
    expect(limitViolations(requests)).toEqual([]);
  }, 240_000);
});
