import { Registry } from 'prom-client';
import { JOBS_POSTINGS } from '@tributary/schemas';
import type { HourChunk } from '../src/decode/record-batch';
import { PartitionState, type Lease } from '../src/consumption/partition-state';
import { SinkMetrics } from '../src/sink-metrics';

/**
 * Unit-test fixtures for the sink's consumption and writing paths: a partition whose lease records
 * what it was asked (no S3), and held chunks of a given size (the bytes are never decoded here).
 */
export class RecordingLease implements Lease {
  readonly begun: string[][] = [];
  readonly committed: { nextOffset: bigint; keys: string[] }[] = [];
  failCommitWith: Error | undefined;
  epoch = 1;

  constructor(public nextOffset = 0n) {}

  beginFlush(keys: readonly string[]): Promise<void> {
    this.begun.push([...keys]);
    return Promise.resolve();
  }

  commitFlush(nextOffset: bigint, keys: readonly string[]): Promise<void> {
    if (this.failCommitWith) return Promise.reject(this.failCommitWith);
    this.committed.push({ nextOffset, keys: [...keys] });
    this.nextOffset = nextOffset;
    return Promise.resolve();
  }
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
  };
}

/** A partition of `jobs.postings` holding `chunks`, consumed up to their last offset. */
export function partitionWith(
  partition: number,
  chunks: HourChunk[],
  lease = new RecordingLease(),
) {
  const state = new PartitionState('jobs.postings', partition, JOBS_POSTINGS, lease);
  for (const held of chunks) state.buffer.add(held, Date.now());
  const last = chunks[chunks.length - 1];
  if (last) state.nextOffset = last.lastOffset + 1n;
  return { state, lease };
}

export const testMetrics = () => new SinkMetrics(new Registry());
