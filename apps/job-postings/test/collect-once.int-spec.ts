import type { JobsReplayServer } from '@tributary/jobs-replay';
import { uniqueName } from '@tributary/local-stack/testing';
import { jobPostings, replaySourcesFile } from './support/app';
import { duplicatesOf, readChanges } from './support/kafka';
import { control, startReplay } from './support/replay';

describe('job-postings collect --source <name> --once', () => {
  let replay: JobsReplayServer;
  afterEach(() => replay.close());

  it('runs one source once and exits; again publishes nothing new; refuses while a running instance owns the source', async () => {
    replay = await startReplay();
    const ns = uniqueName('jobs-once');
    const topic = `${ns}.jobs.postings`;
    const env = {
      SOURCES_FILE: replaySourcesFile(replay, ['remotive', 'remoteok'], { minRunIntervalS: 1 }),
      OUTPUT_TOPIC: topic,
      STATE_GROUP_ID: ns,
    };
    const once = () => jobPostings(env, ['collect', '--source', 'remotive', '--once']);

    const first = once();
    first.start();
    expect(await first.exited(60_000)).toBe(0);
    const truth = await control.truth(replay, 'remotive');
    const published = await readChanges(topic);
    expect(published.map((change) => change.source_id).sort()).toEqual(
      (truth.boards[0]?.postings ?? []).map((posting) => posting.id).sort(),
    );

    const second = once();
    second.start();
    expect(await second.exited(60_000)).toBe(0);
    const again = await readChanges(topic);
    expect(again).toHaveLength(published.length);
    expect(duplicatesOf(again)).toEqual([]);

    const serving = jobPostings(env);
    try {
      serving.start();
      await serving.ready();
      await serving.metricReaches('tributary_jobs_source_owned', 2, 60_000);
      const refused = once();
      refused.start();
      expect(await refused.exited(60_000)).toBe(1);
      expect(refused.output.join('\n')).toMatch(
        /JOBS_SOURCE_OWNED: remotive is owned by the running instance/,
      );
      expect(await serving.stop('SIGTERM')).toBe(0);
    } finally {
      await serving.stop('SIGKILL');
    }
  }, 180_000);
});
