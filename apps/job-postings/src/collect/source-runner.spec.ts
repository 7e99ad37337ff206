import { Registry } from 'prom-client';
import { FakeProducer } from '../../test/support/fake-producer';
import { silentLogger, sourceConfig } from '../../test/support/listing';
import { Pacer } from '../http/pacer';
import { createJobPostingsMetrics } from '../metrics';
import { PartitionState } from '../tracking/partition-state';
import type { CollectionRun } from './collection-run';
import type { OwnedPartition } from './owned-partition';
import { SourceRunner } from './source-runner';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 12);

/** Remotive's runner (6 h apart) on a partition whose ledger says the last run started an hour ago. */
function runner(finishedAt: number | null) {
  const owned: OwnedPartition = {
    partition: 1,
    state: new PartitionState(1),
    producer: new FakeProducer(),
  };
  owned.state.apply({
    kind: 'run',
    source: 'remotive',
    started_at: NOW - HOUR,
    finished_at: finishedAt,
    owner: 'earlier-owner',
    recent_requests: [],
  });
  const runs: number[] = [];
  const collection = {
    run: () => {
      runs.push(NOW);
      return Promise.resolve({ outcome: 'ok' as const, tenants: 1, incomplete: [] });
    },
  } as unknown as CollectionRun;
  const source = new SourceRunner(
    'remotive',
    sourceConfig('http://127.0.0.1:9', { minRunIntervalS: 6 * 3_600 }),
    collection,
    new Pacer({ delayMs: 0, jitterMs: 0, limits: [{ count: 2, windowS: 60 }] }),
    createJobPostingsMetrics(new Registry()),
    silentLogger,
    () => NOW,
  );
  return { source, owned, runs };
}

describe('SourceRunner: when the next run is due', () => {
  it('after a finished run: its start plus the minimum interval, also for a new owner', () => {
    const { source, owned } = runner(NOW - HOUR + 60_000);
    expect(source.dueAt(owned)).toBe(NOW + 5 * HOUR);
    source.takeOver(owned);
    expect(source.dueAt(owned)).toBe(NOW + 5 * HOUR);
  });

  it('claimed with a run that never finished (its owner died or lost it mid-run): due now', () => {
    const { source, owned } = runner(null);
    expect(source.dueAt(owned)).toBe(NOW + 5 * HOUR);
    source.takeOver(owned);
    expect(source.dueAt(owned)).toBe(0);
  });

  it('the resumed run counts again: once it ran, the minimum interval holds', async () => {
    const { source, owned, runs } = runner(null);
    source.takeOver(owned);
    expect(source.startIfDue(owned, () => undefined)).toBe(true);
    await source.idle();
    expect(runs).toHaveLength(1);
    // The fake run recorded nothing: the ledger is still the unfinished one, yet no second run now.
    expect(source.dueAt(owned)).toBe(NOW + 5 * HOUR);
    expect(source.startIfDue(owned, () => undefined)).toBe(false);
  });
});
