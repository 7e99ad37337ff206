import { createLogger } from '@tributary/runtime';
import type { OutgoingRecord } from './outgoing-record';
import { PublishQueue } from './publish-queue';
import {
  PartialPublishError,
  RecordsRejectedError,
  type RecordPublisher,
} from './record-publisher';

const logger = createLogger({ app: 'test', level: 'silent' });
const record = (id: number): OutgoingRecord => ({
  key: 'acme/app',
  value: Buffer.from(`{"id":${id}}`),
  headers: {},
  sourceId: String(id),
});

/** A target that fails as scripted and remembers what it accepted. */
class ScriptedTarget implements RecordPublisher {
  readonly target = 'kinesis';
  readonly maxBatchRecords = 3;
  refusal = () => undefined;
  readonly accepted: string[] = [];
  calls = 0;
  constructor(private readonly script: ('ok' | 'fail' | 'half')[]) {}
  connect = () => Promise.resolve();
  close = () => Promise.resolve();
  publish(records: OutgoingRecord[]): Promise<void> {
    const step = this.script[this.calls] ?? 'ok';
    this.calls += 1;
    if (step === 'fail') return Promise.reject(new Error('target down'));
    if (step === 'half') {
      this.accepted.push(...records.slice(0, 1).map((r) => r.sourceId));
      return Promise.reject(new PartialPublishError('partial', records.slice(1)));
    }
    this.accepted.push(...records.map((r) => r.sourceId));
    return Promise.resolve();
  }
}

const fastBackoff = { initialMs: 1, maxMs: 5, factor: 2 };

describe('PublishQueue', () => {
  it('retries failures and resends only the unpublished part of a partial failure, in order', async () => {
    const target = new ScriptedTarget(['fail', 'half', 'ok', 'ok']);
    const queue = new PublishQueue(target, { capacity: 100, logger, backoff: fastBackoff });
    queue.start();
    await queue.enqueue([1, 2, 3, 4, 5].map(record));
    await queue.flushed();
    expect(target.accepted).toEqual(['1', '2', '3', '4', '5']);
    expect(await queue.stop(1_000)).toBe(0);
  });

  it('makes enqueue wait while the buffer is full (back-pressure), and never drops', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const accepted: string[] = [];
    const target: RecordPublisher = {
      target: 'kafka',
      maxBatchRecords: 10,
      refusal: () => undefined,
      connect: () => Promise.resolve(),
      close: () => Promise.resolve(),
      publish: async (records) => {
        await gate;
        accepted.push(...records.map((r) => r.sourceId));
      },
    };
    const queue = new PublishQueue(target, { capacity: 4, logger, backoff: fastBackoff });
    queue.start();
    await queue.enqueue([1, 2, 3].map(record));
    let secondAccepted = false;
    const second = queue.enqueue([4, 5].map(record)).then(() => (secondAccepted = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(secondAccepted).toBe(false);
    release();
    await second;
    await queue.flushed();
    expect(accepted).toEqual(['1', '2', '3', '4', '5']);
    await queue.stop(1_000);
  });

  it('reports what is left when stopped while the target is down', async () => {
    const target = new ScriptedTarget(Array.from({ length: 1000 }, () => 'fail' as const));
    const queue = new PublishQueue(target, { capacity: 100, logger, backoff: fastBackoff });
    queue.start();
    await queue.enqueue([1, 2].map(record));
    expect(await queue.stop(50)).toBe(2);
  });
});

describe('PublishQueue and records the target refuses', () => {
  it('dead-letters refused records (non-retriable) without backoff and publishes the rest in order', async () => {
    const accepted: string[] = [];
    const rejectedIds: string[] = [];
    const failures: unknown[] = [];
    const target: RecordPublisher = {
      target: 'kinesis',
      maxBatchRecords: 10,
      refusal: (r) => (r.sourceId === '2' ? 'too large' : undefined),
      connect: () => Promise.resolve(),
      close: () => Promise.resolve(),
      publish: (records) => {
        const refused = records.filter((r) => target.refusal(r));
        if (refused.length > 0) {
          return Promise.reject(
            new RecordsRejectedError(
              'refused',
              refused.map((r) => ({ record: r, reason: 'too large' })),
            ),
          );
        }
        accepted.push(...records.map((r) => r.sourceId));
        return Promise.resolve();
      },
    };
    const queue = new PublishQueue(target, {
      capacity: 100,
      logger,
      // A backoff this long would time the test out: refused records must not cause one.
      backoff: { initialMs: 60_000, maxMs: 60_000, factor: 1 },
      onFailure: (error) => failures.push(error),
      onRejected: (rejected) => {
        rejectedIds.push(...rejected.map((entry) => entry.record.sourceId));
        return Promise.resolve();
      },
    });
    queue.start();
    await queue.enqueue([1, 2, 3].map(record));
    await queue.flushed();
    await queue.enqueue([4].map(record));
    await queue.flushed();
    expect(rejectedIds).toEqual(['2']);
    expect(accepted).toEqual(['1', '3', '4']);
    expect(failures).toEqual([]);
    expect(await queue.stop(100)).toBe(0);
  });
});
