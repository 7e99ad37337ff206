import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { KeywordMatcher, loadDefaultKeywordList } from '@tributary/keywords';
import { ReplayServer } from '@tributary/github-replay';
import { createLogger } from '@tributary/runtime';
import { SeenWindow } from '../dedupe/seen-window';
import { EventPipeline } from '../event-pipeline';
import { EventFilter } from '../filter/event-filter';
import { createGithubEventsMetrics } from '../metrics';
import { DeadLetters, type ProducerDeadLetterReason } from '../publish/dead-letters';
import { backfill, defaultCheckpointFile } from './backfill';
import { describeSummary } from './backfill.module';

const filter = new EventFilter(new KeywordMatcher(loadDefaultKeywordList()));

describe('backfill', () => {
  let replay: ReplayServer;
  beforeAll(async () => {
    replay = await new ReplayServer({
      port: 0,
      seed: 3,
      eventsPerSecond: 0,
      initialEvents: 0,
      pollIntervalS: 60,
      rateLimit: 5_000,
      rateLimitWindowS: 3_600,
      archive: { eventsPerHour: 400, badLinesPerHour: 2 },
    }).listen();
  });
  afterAll(() => replay.close());

  it('logs hour N of M with the time left, and sums up exactly what it dead-lettered', async () => {
    const metrics = createGithubEventsMetrics(new Registry());
    const letters: ProducerDeadLetterReason[] = [];
    const infos: string[] = [];
    const logger = createLogger({ app: 'test', level: 'silent' });
    logger.info = ((_fields: unknown, message: string) => {
      infos.push(message);
    }) as typeof logger.info;
    const deadLetters = new DeadLetters('github.events.matched', undefined, logger, (reason) => {
      letters.push(reason);
      metrics.deadLetters.inc({ reason });
    });
    const seen = new SeenWindow(10_000);
    const pipeline = new EventPipeline({
      filter,
      seen,
      queues: [],
      deadLetters,
      metrics,
      maxRecordBytes: 1024 * 1024,
      source: 'archive',
    });
    const range = { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-03-01T02:00:00Z') };
    const checkpointFile = defaultCheckpointFile(
      mkdtempSync(join(tmpdir(), 'backfill-state-')),
      'github.events.matched',
      range,
    );
    expect(checkpointFile).toMatch(
      /github-events-backfill\/github\.events\.matched\/2024-03-01T00--2024-03-01T02\.json$/,
    );
    const summary = await backfill(
      { ...range, archiveUrl: `${replay.url}/gharchive`, checkpointFile, progressEveryMs: 0 },
      { pipeline, queues: [], deadLetters, metrics, logger },
    );

    const byReason: Record<string, number> = {};
    for (const reason of letters) byReason[reason] = (byReason[reason] ?? 0) + 1;
    expect(summary.deadLettered).toEqual(byReason);
    expect(Object.values(byReason).reduce((sum, n) => sum + n, 0)).toBe(6);
    expect(summary.malformedLines).toBe(byReason.malformed_json);
    expect(summary.hours).toBe(3);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toMatchObject({ current: null });

    expect(
      infos.some((line) =>
        /^backfill progress: hour 1 of 3 \(2024-03-01T00\), \d+ % of this run; /.test(line),
      ),
    ).toBe(true);
    expect(infos).toContainEqual(
      expect.stringMatching(
        /^backfill hour 3 of 3 \(2024-03-01T02\) done: [\d,]+ lines; about 0 s left$/,
      ),
    );
    expect(describeSummary(summary, 'github.events.matched.dlq')).toBe(
      `backfill complete: 3 hours read; ${summary.lines.toLocaleString('en-US')} lines, ${summary.matched} matched, 0 duplicates; 6 dead-lettered to github.events.matched.dlq (${Object.entries(
        summary.deadLettered,
      )
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ')})`,
    );

    // The same range again: every hour is in the checkpoint, nothing is read or dead-lettered.
    const again = await backfill(
      { ...range, archiveUrl: `${replay.url}/gharchive`, checkpointFile },
      { pipeline, queues: [], deadLetters, metrics, logger },
    );
    expect(again).toMatchObject({ hours: 0, skippedHours: 3, lines: 0, deadLettered: {} });
  });
});
