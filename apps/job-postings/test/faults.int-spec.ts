import type { JobsReplayServer } from '@tributary/jobs-replay';
import { waitUntil } from '@tributary/local-stack';
import { readTopic, uniqueName } from '@tributary/local-stack/testing';
import { DLQ_HEADERS, type JobSource } from '@tributary/schemas';
import { jobPostings, replaySourcesFile } from './support/app';
import { readChanges } from './support/kafka';
import { control, startReplay } from './support/replay';

const SOURCES: JobSource[] = ['greenhouse', 'lever', 'remotive', 'hn-whoishiring'];

describe('faults of the sources', () => {
  let replay: JobsReplayServer;
  afterEach(() => replay.close());

  it('dead-letters challenge pages, malformed JSON and drifted postings with their reason while the rest flows', async () => {
    replay = await startReplay();
    await control.fault(replay, [
      { source: 'remotive', fault: { kind: 'challenge', status: 200 }, times: 1 },
      {
        source: 'greenhouse',
        fault: { kind: 'drift', postings: 2 },
        times: 1,
        pathContains: '/stripe/',
      },
      { source: 'greenhouse', fault: { kind: 'malformed' }, times: 1, pathContains: '/anthropic/' },
      { source: 'lever', fault: { kind: 'hang' }, times: 1 },
      { source: 'hn', fault: { kind: 'drift', postings: 1 }, times: 1, pathContains: 'comment' },
    ]);
    const ns = uniqueName('jobs-faults');
    const topic = `${ns}.jobs.postings`;
    const app = jobPostings({
      SOURCES_FILE: replaySourcesFile(replay, SOURCES, { boards: 4, everyS: 1 }),
      OUTPUT_TOPIC: topic,
      STATE_GROUP_ID: ns,
      HTTP_TIMEOUT_S: '2',
    });
    try {
      app.start();
      await app.ready();
      await waitUntil(
        'every source ran',
        async () => {
          for (const source of SOURCES) {
            if ((await app.metric('tributary_jobs_runs_total', `source="${source}"`)) < 1)
              return false;
          }
          return true;
        },
        { timeoutMs: 90_000, intervalMs: 500, isAlive: () => app.running },
      );
      const letters = await readTopic(`${topic}.dlq`);
      const reasons = letters.map(
        (letter) =>
          `${letter.headers[DLQ_HEADERS.reason]} ${letter.headers[DLQ_HEADERS.sourceLocation]}`,
      );
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^challenge_page remotive http/),
          expect.stringMatching(/^malformed_json greenhouse http.*\/anthropic\//),
          expect.stringMatching(/^schema_drift greenhouse http.*\/stripe\//),
          expect.stringMatching(/^schema_drift hn-whoishiring http/),
        ]),
      );
      expect(
        letters.filter((letter) => letter.headers[DLQ_HEADERS.reason] === 'schema_drift'),
      ).toHaveLength(3);
      const drift = letters.find((letter) =>
        letter.headers[DLQ_HEADERS.sourceLocation]?.includes('/stripe/'),
      );
      expect(drift?.headers[DLQ_HEADERS.detail]).toMatch(/^title: /);
      expect(drift?.key).toMatch(/^greenhouse:stripe:\d+$/);

      // Everything else was published: the other boards, Lever after its timed-out request, HN.
      const changes = await readChanges(topic);
      const tenants = new Set(
        changes.filter((change) => change.source === 'greenhouse').map((change) => change.tenant),
      );
      expect(tenants).toEqual(new Set(['airbnb', 'stripe', 'cloudflare']));
      expect(changes.filter((change) => change.source === 'lever').length).toBeGreaterThan(0);
      expect(changes.filter((change) => change.source === 'hn-whoishiring').length).toBeGreaterThan(
        0,
      );
      expect(changes.filter((change) => change.source === 'remotive')).toEqual([]);
      expect(await app.metric('tributary_jobs_dead_letters_total', 'reason="schema_drift"')).toBe(
        3,
      );
      expect(await app.metric('tributary_jobs_requests_total', 'outcome="timeout"')).toBe(1);
      expect(app.running).toBe(true);
      expect(await app.stop('SIGTERM')).toBe(0);
    } finally {
      await app.stop('SIGKILL');
    }
  }, 150_000);
});
