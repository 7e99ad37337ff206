import { NotFound, type S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@tributary/runtime';
import { testMetrics } from '../../test/partition-fixtures';
import type { WrittenFile } from '../writing/written-file';
import { HourCompletion } from './hour-completion';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 2, 12);

function file(hourStartMs: number): WrittenFile {
  return {
    topic: 't',
    partition: 0,
    key: `t/hour-${hourStartMs}.parquet`,
    hourStartMs,
    records: 1,
    firstOffset: 0n,
    lastOffset: 0n,
    body: new Uint8Array(1),
  };
}

/** HourCompletion over an S3 whose HeadObject answers with `answer`, one call after another. */
function hours(answer: (call: number) => Promise<unknown>) {
  let calls = 0;
  const s3 = { send: () => answer(++calls) } as unknown as S3Client;
  const completion = new HourCompletion(
    s3,
    'bucket',
    { read: () => Promise.resolve(undefined) },
    { fetchTopicOffsets: () => Promise.resolve([]) },
    { fileEvents: () => Promise.resolve() },
    testMetrics(),
    createLogger({ app: 'test', level: 'silent' }),
    60_000,
    () => NOW,
  );
  return { completion, calls: () => calls };
}

const refused = () =>
  Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
const notFound = () => Promise.reject(new NotFound({ message: 'NotFound', $metadata: {} }));

describe('HourCompletion.lateFiles', () => {
  const old = file(NOW - 5 * HOUR);

  it('is a file of an hour with _SUCCESS, not of one without, nor of an hour too young to be marked', async () => {
    const marked = hours(() => Promise.resolve({}));
    const young = file(NOW - HOUR / 2);
    expect(await marked.completion.lateFiles([old, young], AbortSignal.timeout(5_000))).toEqual([
      old,
    ]);
    expect(marked.calls()).toBe(1);
    const unmarked = hours(notFound);
    expect(await unmarked.completion.lateFiles([old], AbortSignal.timeout(5_000))).toEqual([]);
  });

  it('retries while S3 is unreachable and answers once it is back', async () => {
    const { completion, calls } = hours((call) => (call < 3 ? refused() : notFound()));
    expect(await completion.lateFiles([old], AbortSignal.timeout(10_000))).toEqual([]);
    expect(calls()).toBe(3);
  });

  it('never rejects: a file whose hour cannot be checked before the deadline counts as late', async () => {
    const { completion, calls } = hours(refused);
    expect(await completion.lateFiles([old], AbortSignal.timeout(1_000))).toEqual([old]);
    expect(calls()).toBeGreaterThan(1);
  });
});
