import { createLogger } from '@tributary/runtime';
import { FencedError } from '../exactly-once/checkpoint-store';
import type { PartitionState } from '../consumption/partition-state';
import {
  chunk,
  HOUR,
  partitionWith,
  RecordingLease,
  testMetrics,
} from '../../test/partition-fixtures';
import { FileWriter } from './file-writer';
import type { WrittenFile } from './written-file';

const logger = createLogger({ app: 'test', level: 'silent' });

/** A writer whose S3, Kafka and Parquet sides are recorded, with scripted upload failures. */
function writer(
  options: {
    failUploads?: number;
    maxRecords?: number;
    maxBytes?: number;
    lateHours?: number[];
  } = {},
) {
  let uploadFailures = options.failUploads ?? 0;
  const lateHours = new Set(options.lateHours ?? []);
  const calls = {
    uploads: [] as string[],
    seeks: [] as { partition: number; offset: bigint }[],
    commits: [] as { partition: number; offset: bigint }[],
    announced: [] as WrittenFile[],
    late: [] as WrittenFile[],
    noted: [] as number[],
    removed: [] as PartitionState[],
  };
  const states: PartitionState[] = [];
  const metrics = testMetrics();
  const instance = new FileWriter({
    registry: {
      states: () => states,
      remove: (state) => calls.removed.push(state),
    },
    // A "Parquet file" of half the held bytes, so the learned compression ratio is 0.5.
    encoder: {
      encode: (chunks) =>
        Promise.resolve(new Uint8Array(chunks.reduce((n, c) => n + c.length, 0) / 2)),
    },
    uploader: {
      upload: (key) => {
        if (uploadFailures > 0) {
          uploadFailures -= 1;
          return Promise.reject(new Error('S3 is down'));
        }
        calls.uploads.push(key);
        return Promise.resolve();
      },
    },
    consumer: {
      seek: (_topic, partition, offset) => calls.seeks.push({ partition, offset }),
    },
    groupOffsets: {
      commit: (state, offset) => {
        calls.commits.push({ partition: state.partition, offset });
        return Promise.resolve();
      },
    },
    announcer: {
      announce: (files, late) => {
        calls.announced.push(...files);
        calls.late.push(...(late ?? []));
        return Promise.resolve();
      },
    },
    hours: {
      noteFile: (_topic, hourStartMs) => void calls.noted.push(hourStartMs),
      lateFiles: (files) =>
        Promise.resolve(files.filter((file) => lateHours.has(file.hourStartMs))),
    },
    metrics,
    logger,
    rotation: {
      maxRecords: options.maxRecords ?? 1_000,
      maxBytes: options.maxBytes ?? 1_000_000,
      maxAgeMs: 60_000,
    },
  });
  return { writer: instance, calls, states, metrics };
}

const counter = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
  (await metric.get()).values.reduce((sum, value) => sum + value.value, 0);

describe('FileWriter', () => {
  it('writes one file per hour, announced in the checkpoint before upload and committed after, then commits the group offset and announces each file with its offsets', async () => {
    const { writer: fileWriter, calls, metrics } = writer();
    const { state, lease } = partitionWith(3, [
      chunk(0, 10, 100),
      chunk(10, 5, 50, HOUR + 3_600_000),
      chunk(15, 5, 50),
    ]);
    await fileWriter.startWrite(state, 'test');
    const keys = calls.uploads;
    expect(keys).toEqual([
      'jobs.postings/dt=2026-12-02/hr=03/jobs.postings+3+00000000000000000000-00000000000000000019.parquet',
      'jobs.postings/dt=2026-12-02/hr=04/jobs.postings+3+00000000000000000010-00000000000000000014.parquet',
    ]);
    expect(lease.begun).toEqual([keys]);
    expect(lease.committed).toEqual([
      // The commit carries the latest row time and Kafka time, what hour completion reads.
      {
        nextOffset: 20n,
        keys,
        progress: { maxEventTimeMs: HOUR + 3_601_000, lastRecordAtMs: HOUR + 3_602_000 },
      },
    ]);
    expect(calls.late).toEqual([]);
    expect(calls.commits).toEqual([{ partition: 3, offset: 20n }]);
    expect(
      calls.announced.map((file) => [file.records, file.firstOffset, file.lastOffset]),
    ).toEqual([
      [15, 0n, 19n],
      [5, 10n, 14n],
    ]);
    expect(calls.noted).toEqual([HOUR, HOUR + 3_600_000]);
    expect(await counter(metrics.recordsOut)).toBe(20);
    expect(state.buffer.bufferedRecords).toBe(0);
  });

  it('after a failed upload gives up every row since the last commit and re-reads from the checkpoint', async () => {
    const { writer: fileWriter, calls, metrics } = writer({ failUploads: 1 });
    const { state, lease } = partitionWith(1, [chunk(100, 10, 100)], new RecordingLease(100n));
    const generation = state.generation;
    await fileWriter.startWrite(state, 'test');
    expect(lease.committed).toEqual([]);
    expect(calls.commits).toEqual([]);
    expect(calls.announced).toEqual([]);
    expect(calls.seeks).toEqual([{ partition: 1, offset: 100n }]);
    expect(state.nextOffset).toBe(100n);
    expect(state.generation).toBe(generation + 1);
    expect(state.revoked).toBe(false);
    expect(await counter(metrics.recordsOut)).toBe(0);
    expect(fileWriter.writingBytes).toBe(0);
  });

  it('when fenced (another instance took the partition) drops the partition without seeking or committing', async () => {
    const { writer: fileWriter, calls, metrics } = writer();
    const { state, lease } = partitionWith(2, [chunk(0, 10, 100)]);
    lease.failCommitWith = new FencedError('jobs.postings', 2);
    await fileWriter.startWrite(state, 'test');
    expect(state.revoked).toBe(true);
    expect(calls.removed).toEqual([state]);
    expect(calls.seeks).toEqual([]);
    expect(calls.commits).toEqual([]);
    expect(await counter(metrics.fenced)).toBe(1);
  });

  it('drops a write whose rows were given up after it was queued (a newer generation)', async () => {
    const { writer: fileWriter, calls } = writer();
    const { state } = partitionWith(0, [chunk(0, 10, 100)]);
    const queued = fileWriter.startWrite(state, 'test');
    state.discardUncommitted();
    await queued;
    expect(calls.uploads).toEqual([]);
  });

  it('rotates on records per file, and on bytes per file estimated with the compression ratio learned from written files', async () => {
    const byRecords = writer({ maxRecords: 10 });
    expect(byRecords.writer.rotationDue(partitionWith(0, [chunk(0, 9, 10)]).state)).toBe(false);
    expect(byRecords.writer.rotationDue(partitionWith(0, [chunk(0, 10, 10)]).state)).toBe(true);

    const byBytes = writer({ maxBytes: 1_000 });
    const before = partitionWith(0, [chunk(0, 1, 1_500)]).state;
    expect(byBytes.writer.rotationDue(before)).toBe(true);
    await byBytes.writer.startWrite(partitionWith(1, [chunk(0, 1, 10_000)]).state, 'learn');
    // Files came out at half the held bytes: the ratio moves to 0.85 (0.7 × 1 + 0.3 × 0.5), so
    // 1,100 held bytes estimate a 935-byte file and 1,500 a 1,275-byte one.
    expect(byBytes.writer.rotationDue(partitionWith(2, [chunk(0, 1, 1_100)]).state)).toBe(false);
    expect(byBytes.writer.rotationDue(partitionWith(3, [chunk(0, 1, 1_500)]).state)).toBe(true);
  });

  it('announces a file as late when its hour was already marked complete, and counts its rows', async () => {
    const { writer: fileWriter, calls, metrics } = writer({ lateHours: [HOUR] });
    const { state } = partitionWith(0, [chunk(0, 7, 70), chunk(7, 3, 30, HOUR + 3_600_000)]);
    await fileWriter.startWrite(state, 'test');
    expect(calls.announced).toHaveLength(2);
    expect(calls.late.map((file) => [file.hourStartMs, file.records])).toEqual([[HOUR, 7]]);
    expect(await counter(metrics.lateRecords)).toBe(7);
  });
});
