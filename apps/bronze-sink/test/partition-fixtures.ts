import { Registry } from 'prom-client';
import { JOBS_POSTINGS } from '@tributary/schemas';
import type { HourChunk } from '../src/decode/record-batch';
import { PartitionState, type DeadLetters, type Lease } from '../src/consumption/partition-state';
import type { Checkpoint, DeadLetterMark } from '../src/exactly-once/checkpoint-store';
import type { CommitProgress } from '../src/exactly-once/partition-lease';
import { SinkMetrics } from '../src/sink-metrics';

/**
 * Unit-test fixtures for the sink's consumption and writing paths: a partition whose lease records
 * what it was asked (no S3), and held chunks of a given size (the bytes are never decoded here).
 */
export class RecordingLease implements Lease {
  readonly begun: string[][] = [];
  readonly committed: { nextOffset: bigint; keys: string[]; progress: CommitProgress }[] = [];
  readonly updates: Partial<Checkpoint>[] = [];
  failCommitWith: Error | undefined;
  epoch = 1;
  progress: { maxEventTimeMs?: number; lastRecordAtMs?: number; hoursDoneThroughMs?: number } = {};
  deadLetterMark: DeadLetterMark | undefined;

  constructor(public nextOffset = 0n) {}

  update(changes: Partial<Pick<Checkpoint, 'hoursDoneThroughMs' | 'deadLetters'>>): Promise<void> {
    this.updates.push(changes);
    if (changes.hoursDoneThroughMs != null)
      this.progress = { ...this.progress, hoursDoneThroughMs: changes.hoursDoneThroughMs };
    if (changes.deadLetters) this.deadLetterMark = changes.deadLetters;
    return Promise.resolve();
  }

  beginFlush(keys: readonly string[]): Promise<void> {
    this.begun.push([...keys]);
    return Promise.resolve();
  }

  commitFlush(
    nextOffset: bigint,
    keys: readonly string[],
    _signal?: AbortSignal,
    progress: CommitProgress = {},
  ): Promise<void> {
    if (this.failCommitWith) return Promise.reject(this.failCommitWith);
    this.committed.push({ nextOffset, keys: [...keys], progress });
    this.nextOffset = nextOffset;
    const { maxEventTimeMs, lastRecordAtMs } = progress;
    this.progress = {
      ...this.progress,
      ...(maxEventTimeMs !== undefined ? { maxEventTimeMs } : {}),
      ...(lastRecordAtMs !== undefined ? { lastRecordAtMs } : {}),
    };
    return Promise.resolve();
  }
}

/** Dead letters that are never sent anywhere: for paths where the partition has none. */
export class NoDeadLetters implements DeadLetters {
  alreadySent = () => false;
  send = () => Promise.resolve();
  markNow = () => Promise.resolve({ from: {} });
  markFor = () => undefined;
  committed = () => undefined;
  close = () => Promise.resolve();
}

export const HOUR = Date.UTC(2026, 11, 2, 3);

export function chunk(
  firstOffset: number,
  rows: number,
  bytes: number,
  hourStartMs = HOUR,
): HourChunk {
  return {
    hourStartMs,
    data: new Uint8Array(bytes),
    rows,
    firstOffset: BigInt(firstOffset),
    lastOffset: BigInt(firstOffset + rows - 1),
    maxTimeMs: hourStartMs + 1_000,
    maxKafkaMs: hourStartMs + 2_000,
  };
}

/** A partition of `jobs.postings` holding `chunks`, consumed up to their last offset. */
export function partitionWith(
  partition: number,
  chunks: HourChunk[],
  lease = new RecordingLease(),
) {
  const state = new PartitionState(
    'jobs.postings',
    partition,
    JOBS_POSTINGS,
    lease,
    new NoDeadLetters(),
  );
  for (const held of chunks) state.buffer.add(held, Date.now());
  const last = chunks[chunks.length - 1];
  if (last) state.nextOffset = last.lastOffset + 1n;
  return { state, lease };
}

export const testMetrics = () => new SinkMetrics(new Registry());
