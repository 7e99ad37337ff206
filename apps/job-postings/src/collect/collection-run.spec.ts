import type { JobsReplayServer } from '@tributary/jobs-replay';
import { KeywordMatcher, loadDefaultKeywordList } from '@tributary/keywords';
import { Registry } from 'prom-client';
import type { JobPostingV2 } from '@tributary/schemas';
import { FakeProducer } from '../../test/support/fake-producer';
import { silentLogger, sourceConfig, testHttp } from '../../test/support/listing';
import {
  baseUrlOf,
  control,
  DAY_MS,
  greenhouseRenders,
  startReplay,
} from '../../test/support/replay';
import { ADAPTERS } from '../adapters/registry';
import type { SourceConfig } from '../config/sources-config';
import { jobTopics } from '../kafka/job-topics';
import { createJobPostingsMetrics } from '../metrics';
import { PostingNormalizer } from '../normalize/posting-normalizer';
import type { JobSource } from '@tributary/schemas';
import { DuplicateIndex } from '../tracking/duplicate-index';
import { PartitionState } from '../tracking/partition-state';
import type { StateRecord } from '../tracking/state-records';
import { CollectionRun } from './collection-run';
import type { OwnedPartition } from './owned-partition';

const topics = jobTopics('unit.jobs.postings');
const matcher = new KeywordMatcher(loadDefaultKeywordList());

function setUp(
  replay: JobsReplayServer,
  source: JobSource,
  overrides: Partial<SourceConfig>,
  now: () => number,
) {
  const config = sourceConfig(baseUrlOf(replay, source), overrides);
  const producer = new FakeProducer();
  const owned: OwnedPartition = { partition: 4, state: new PartitionState(4), producer };
  const run = new CollectionRun({
    source,
    adapter: ADAPTERS[source](config),
    http: testHttp(),
    normalizer: new PostingNormalizer(matcher, {
      descriptionTextMaxChars: 32_768,
      descriptionHtmlMaxChars: 131_072,
      attribution: () => null,
    }),
    duplicates: new DuplicateIndex(),
    topics,
    metrics: createJobPostingsMetrics(new Registry()),
    logger: silentLogger,
    owner: 'unit',
    tracker: { seenRefreshMs: 6 * 3_600_000 },
    closedRetentionMs: 30 * DAY_MS,
    now,
  });
  return { run, owned, producer };
}

const signal = () => new AbortController().signal;
const changes = (producer: FakeProducer) => producer.values<JobPostingV2>(topics.output);
const ids = (list: JobPostingV2[], change: JobPostingV2['change']) =>
  list
    .filter((one) => one.change === change)
    .map((one) => one.source_id)
    .sort();

describe('CollectionRun against the replay, with the transactions kept in memory', () => {
  let replay: JobsReplayServer;
  let clock = Date.UTC(2026, 2, 10, 12);
  const now = () => clock;
  beforeEach(async () => {
    replay = await startReplay();
  });
  afterEach(() => replay.close());

  it('publishes what was created, updated and closed between two runs — exactly what the truth says', async () => {
    const { run, owned, producer } = setUp(
      replay,
      'greenhouse',
      { tenants: ['stripe', 'datadog'] },
      now,
    );
    await expect(run.run(owned, signal())).resolves.toMatchObject({ outcome: 'ok', tenants: 2 });
    const before = await control.truth(replay, 'greenhouse');
    const rendered = greenhouseRenders(replay, ['stripe', 'datadog']);
    const first = changes(producer);
    const openBefore = before.boards
      .flatMap((board) => board.postings.map((posting) => posting.id))
      .sort();
    expect(ids(first, 'created')).toEqual(openBefore);
    expect(first.every((change) => change.revision === 1 && change.tenant !== null)).toBe(true);

    await control.advance(replay, { days: 4 });
    clock += 4 * DAY_MS;
    const published = producer.transactions.length;
    await run.run(owned, signal());
    const after = await control.truth(replay, 'greenhouse');
    const renderedAfter = greenhouseRenders(replay, ['stripe', 'datadog']);
    const second = producer.transactions
      .slice(published)
      .flat()
      .filter((batch) => batch.topic === topics.output)
      .flatMap((batch) => batch.messages)
      .map((message) => JSON.parse(String(message.value)) as JobPostingV2);
    const versions = new Map(
      before.boards.flatMap((board) =>
        board.postings.map((posting) => [posting.id, posting.version]),
      ),
    );
    const openAfter = after.boards.flatMap((board) => board.postings);
    expect(ids(second, 'created')).toEqual(
      openAfter
        .filter((posting) => !versions.has(posting.id))
        .map((posting) => posting.id)
        .sort(),
    );
    expect(ids(second, 'closed')).toEqual(
      openBefore.filter((id) => !openAfter.some((posting) => posting.id === id)).sort(),
    );
    // Updated: what the API shows changed (an edit may touch nothing Greenhouse shows).
    expect(ids(second, 'updated')).toEqual(
      [...renderedAfter]
        .filter(([key, render]) => rendered.has(key) && rendered.get(key) !== render)
        .map(([key]) => key.split('/')[1])
        .sort(),
    );
    expect(ids(second, 'updated').length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    // A third run with nothing changed publishes nothing.
    const settled = producer.transactions.length;
    await run.run(owned, signal());
    expect(
      producer.transactions
        .slice(settled)
        .flat()
        .filter((batch) => batch.topic === topics.output && batch.messages.length > 0),
    ).toEqual([]);
  });

  it('commits each page with its state in one transaction, and records the run in the ledger', async () => {
    const { run, owned, producer } = setUp(
      replay,
      'lever',
      { tenants: ['spotify'], pageSize: 5 },
      now,
    );
    await run.run(owned, signal());
    const [start, ...rest] = producer.transactions;
    expect(start?.find((batch) => batch.topic === topics.state)?.messages).toMatchObject([
      { key: 'run:lever', partition: 4 },
    ]);
    const pages = rest.filter((transaction) =>
      transaction.some((batch) => batch.topic === topics.output && batch.messages.length > 0),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const posted = page
        .find((batch) => batch.topic === topics.output)!
        .messages.map((message) => String(message.key));
      const states = page
        .find((batch) => batch.topic === topics.state)!
        .messages.map((message) => String(message.key));
      expect(states).toEqual(posted.map((key) => `posting:${key}`));
    }
    expect(owned.state.run('lever')).toMatchObject({ owner: 'unit', finished_at: clock });
    const envelope = producer.messages(topics.output)[0]?.headers;
    expect(envelope).toMatchObject({
      'tributary-schema': 'jobs.posting',
      'tributary-schema-version': '2',
      'tributary-producer': 'job-postings',
    });
  });

  it('closes nothing of a board whose listing failed, and goes on with the next board', async () => {
    const { run, owned, producer } = setUp(
      replay,
      'greenhouse',
      { tenants: ['stripe', 'datadog'] },
      now,
    );
    await run.run(owned, signal());
    await control.advance(replay, { days: 20 });
    clock += 20 * DAY_MS;
    await control.fault(replay, {
      source: 'greenhouse',
      fault: { kind: 'status', status: 503 },
      times: 2,
      pathContains: '/stripe/',
    });
    const report = await run.run(owned, signal());
    expect(report.outcome).toBe('partial');
    expect(report.incomplete[0]).toMatch(/board stripe: server_error/);
    const closed = changes(producer).filter((change) => change.change === 'closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((change) => change.tenant === 'datadog')).toBe(true);
  });

  it('reports a listing cut short after some pages as partial, not failed, and closes nothing', async () => {
    const { run, owned, producer } = setUp(replay, 'himalayas', { pageSize: 20 }, now);
    await control.fault(replay, {
      source: 'himalayas',
      fault: { kind: 'status', status: 503 },
      times: 10,
      pathContains: 'offset=20',
    });
    const report = await run.run(owned, signal());
    expect(report.outcome).toBe('partial');
    expect(report.incomplete).toHaveLength(1);
    expect(changes(producer)).toHaveLength(20);
    expect(changes(producer).every((change) => change.change === 'created')).toBe(true);
  });

  it("dead-letters drifted postings in the page's transaction and publishes the rest", async () => {
    const { run, owned, producer } = setUp(replay, 'remotive', {}, now);
    await control.fault(replay, {
      source: 'remotive',
      fault: { kind: 'drift', postings: 3 },
      times: 1,
    });
    await run.run(owned, signal());
    const letters = producer.messages(topics.deadLetters);
    expect(letters).toHaveLength(3);
    expect(letters[0]?.headers).toMatchObject({ 'tributary-dlq-reason': 'schema_drift' });
    expect(String(letters[0]?.headers?.['tributary-source-location'])).toMatch(/^remotive http/);
    const truth = await control.truth(replay, 'remotive');
    expect(changes(producer)).toHaveLength((truth.boards[0]?.postings.length ?? 0) - 3);
    const page = producer.transactions.find((transaction) =>
      transaction.some((batch) => batch.topic === topics.deadLetters && batch.messages.length > 0),
    );
    expect(page?.find((batch) => batch.topic === topics.output)?.messages.length).toBeGreaterThan(
      0,
    );
  });

  it('retries a failed commit and publishes once; a fenced producer ends the run', async () => {
    const { run, owned, producer } = setUp(replay, 'remoteok', {}, now);
    producer.failNext = 2;
    await run.run(owned, signal());
    const truth = await control.truth(replay, 'remoteok');
    expect(changes(producer)).toHaveLength(truth.boards[0]?.postings.length ?? -1);
    producer.fenced = true;
    await expect(run.run(owned, signal())).rejects.toMatchObject({ code: 'JOBS_STATE_FENCED' });
  });

  it('counts a run stopped before it listed anything as no run: the source stays due', async () => {
    const { run, owned, producer } = setUp(replay, 'remotive', {}, now);
    await run.run(owned, signal());
    const firstStart = owned.state.run('remotive')?.started_at;
    clock += DAY_MS;
    const stop = new AbortController();
    stop.abort();
    const report = await run.run(owned, stop.signal);
    expect(report.outcome).toBe('stopped');
    expect(owned.state.run('remotive')).toMatchObject({ started_at: firstStart });
    expect(owned.state.run('remotive')?.finished_at).toBe(clock);
    expect(changes(producer).length).toBeGreaterThan(0);
  });

  it("stops after the page it is on when asked, closes nothing and records the run's end", async () => {
    const { run, owned, producer } = setUp(replay, 'himalayas', { pageSize: 20 }, now);
    const stop = new AbortController();
    // Transaction 1 is the run's start, 2 the first page: stop right after it.
    producer.onCommit = (count) => count === 2 && stop.abort();
    const report = await run.run(owned, stop.signal);
    expect(report.outcome).toBe('ok');
    expect(report.incomplete).toEqual(['stopped']);
    expect(changes(producer)).toHaveLength(20);
    expect(changes(producer).every((change) => change.change === 'created')).toBe(true);
    const runs = producer
      .values<StateRecord>(topics.state)
      .filter((record) => record?.kind === 'run');
    expect(runs[runs.length - 1]).toMatchObject({ kind: 'run', finished_at: clock });
  });
});
