import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveHourLines, type ReplayServer } from '@tributary/github-replay';
import { waitUntil } from '@tributary/local-stack';
import { deadLetterTopic, DLQ_HEADERS, GithubEvent } from '@tributary/schemas';
import {
  githubEvents,
  matchedIds,
  readTopic,
  sourceIdOf,
  startReplay,
  uniqueName,
} from './helpers';

const EVENTS_PER_HOUR = 6_000;
const HOURS = ['2024-03-01T00:00:00.000Z', '2024-03-01T01:00:00.000Z', '2024-03-01T02:00:00.000Z'];

function expectedIds(): string[] {
  const events: GithubEvent[] = [];
  for (const hour of HOURS) {
    for (const line of archiveHourLines(new Date(hour), {
      seed: 5,
      eventsPerHour: EVENTS_PER_HOUR,
      badLinesPerHour: 0,
    })) {
      events.push(GithubEvent.parse(JSON.parse(line)));
    }
  }
  return matchedIds(events);
}

describe('github-events backfill from GH Archive hours', () => {
  let replay: ReplayServer;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'backfill-'));
  afterAll(async () => {
    await replay.close();
    rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('streams a multi-hour range into the topic, resumes after kill -9 without duplicates, dead-letters bad lines', async () => {
    replay = await startReplay({ archive: { eventsPerHour: EVENTS_PER_HOUR, badLinesPerHour: 2 } });
    const topic = `${uniqueName()}.github.events.matched`;
    const checkpointFile = join(checkpointDir, 'checkpoint.json');
    const env = {
      OUTPUT_TOPIC: topic,
      BACKFILL_CHECKPOINT_FILE: checkpointFile,
      BACKFILL_CHECKPOINT_LINES: '500',
    };
    const args = ['backfill', '--from', '2024-03-01T00', '--to', '2024-03-01T02'];

    const first = githubEvents(replay, env, args);
    first.start();
    // Kill once the first hour is done and the second is partly checkpointed.
    await waitUntil(
      'the backfill is inside its second hour',
      () => {
        if (!existsSync(checkpointFile)) return Promise.resolve(false);
        const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8')) as {
          completedHours: string[];
          current: { linesDone: number } | null;
        };
        return Promise.resolve(
          checkpoint.completedHours.length === 1 && (checkpoint.current?.linesDone ?? 0) > 0,
        );
      },
      { timeoutMs: 90_000, intervalMs: 20, isAlive: () => first.running },
    );
    await first.stop('SIGKILL');
    const atKill = JSON.parse(readFileSync(checkpointFile, 'utf8')) as {
      completedHours: string[];
    };
    expect(atKill.completedHours).toEqual([HOURS[0]]);

    const second = githubEvents(replay, env, args);
    second.start();
    expect(await second.exited(120_000)).toBe(0);
    const done = JSON.parse(readFileSync(checkpointFile, 'utf8')) as {
      completedHours: string[];
      current: unknown;
    };
    expect(done.completedHours).toEqual(HOURS);
    expect(done.current).toBeNull();

    const ids = (await readTopic(topic)).map(sourceIdOf);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = expectedIds();
    expect(expected.length).toBeGreaterThan(1_000);
    expect([...ids].sort()).toEqual([...expected].sort());

    // Two bad lines per hour, each dead-lettered with its reason and where it was.
    const letters = await readTopic(deadLetterTopic(topic));
    const locations = new Set(letters.map((letter) => letter.headers[DLQ_HEADERS.sourceLocation]));
    expect(locations.size).toBe(6);
    const reasons = new Set(letters.map((letter) => letter.headers[DLQ_HEADERS.reason]));
    expect([...reasons].sort()).toEqual(['malformed_json', 'schema_invalid']);
  });

  it('closes with a summary whose dead-letter counts are the letters in the topic, checkpointing under BACKFILL_STATE_DIR', async () => {
    replay ??= await startReplay({ archive: { eventsPerHour: 2_000, badLinesPerHour: 3 } });
    const topic = `${uniqueName()}.github.events.matched`;
    const stateDir = join(checkpointDir, 'state');
    const app = githubEvents(
      replay,
      { OUTPUT_TOPIC: topic, BACKFILL_STATE_DIR: stateDir, LOG_LEVEL: 'info' },
      ['backfill', '--from', '2024-03-02T00', '--to', '2024-03-02T01'],
    );
    app.start();
    expect(await app.exited(120_000)).toBe(0);
    const closing = app.output
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; deadLettered?: Record<string, number> })
      .find((line) => line.msg?.startsWith('backfill complete'));
    const letters = await readTopic(deadLetterTopic(topic));
    const inTopic: Record<string, number> = {};
    for (const letter of letters) {
      const reason = letter.headers[DLQ_HEADERS.reason] ?? '';
      inTopic[reason] = (inTopic[reason] ?? 0) + 1;
    }
    expect(letters.length).toBeGreaterThan(0);
    expect(closing?.deadLettered).toEqual(inTopic);
    expect(closing?.msg).toContain(`${letters.length} dead-lettered to ${deadLetterTopic(topic)}`);
    expect(
      existsSync(
        join(stateDir, 'github-events-backfill', topic, '2024-03-02T00--2024-03-02T01.json'),
      ),
    ).toBe(true);
  });
});
