import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { Registry } from 'prom-client';
import { generateEvent } from '@tributary/github-replay';
import { KeywordMatcher, parseKeywordList } from '@tributary/keywords';
import { createLogger } from '@tributary/runtime';
import { SeenWindow } from './dedupe/seen-window';
import { EventPipeline } from './event-pipeline';
import { EventFilter } from './filter/event-filter';
import { createGithubEventsMetrics } from './metrics';
import { DeadLetters, type ProducerDeadLetterReason } from './publish/dead-letters';
import { KinesisPublisher } from './publish/kinesis-publisher';
import { toOutgoingRecord, type OutgoingRecord } from './publish/outgoing-record';
import { PublishQueue } from './publish/publish-queue';
import type { RecordPublisher } from './publish/record-publisher';

const logger = createLogger({ app: 'test', level: 'silent' });

const kafkaMatcher = () =>
  new KeywordMatcher(parseKeywordList({ version: 't', keywords: [{ name: 'kafka' }] }));

/** A target that keeps what it is given; `publisher` replaces it (e.g. a Kinesis publisher). */
function setup(maxRecordBytes = 1024 * 1024, publisher?: RecordPublisher) {
  const published: OutgoingRecord[] = [];
  const queue = new PublishQueue(
    publisher ?? {
      target: 'kafka',
      maxBatchRecords: 100,
      refusal: () => undefined,
      connect: () => Promise.resolve(),
      close: () => Promise.resolve(),
      publish: (records) => {
        published.push(...records);
        return Promise.resolve();
      },
    },
    { capacity: 1_000, logger },
  );
  queue.start();
  const reasons: ProducerDeadLetterReason[] = [];
  const pipeline = new EventPipeline({
    filter: new EventFilter(kafkaMatcher()),
    seen: new SeenWindow(100),
    queues: [queue],
    deadLetters: new DeadLetters('github.events.matched', undefined, logger, (reason) =>
      reasons.push(reason),
    ),
    metrics: createGithubEventsMetrics(new Registry()),
    maxRecordBytes,
    source: 'api',
  });
  return { pipeline, queue, published, reasons };
}

function kafkaEvent(index: number, body = 'Kafka consumer') {
  const event = generateEvent({
    seed: 1,
    index,
    createdAt: new Date(),
    legacyPush: false,
    type: 'IssuesEvent',
  });
  return { ...event, payload: { action: 'opened', issue: { title: 'x', body } } };
}

describe('EventPipeline', () => {
  it('dead-letters invalid events with the reason and keeps the good ones flowing', async () => {
    const { pipeline, queue, published, reasons } = setup();
    const result = await pipeline.accept([
      { value: kafkaEvent(1), location: 'github-api /events?page=1' },
      { value: { id: 5, type: 'PushEvent' }, location: 'github-api /events?page=1' },
      { value: null, location: 'github-api /events?page=1' },
      { value: kafkaEvent(2), location: 'github-api /events?page=1' },
    ]);
    await queue.flushed();
    expect(result).toEqual({ seen: 2, duplicates: 0, matched: 2, deadLettered: 2 });
    expect(reasons).toEqual(['schema_invalid', 'schema_invalid']);
    expect(published.map((record) => record.sourceId)).toEqual(['40000000001', '40000000002']);
    await queue.stop(100);
  });

  it('refuses a matched record over the size limit into the dead letters, and skips repeats', async () => {
    const { pipeline, queue, published, reasons } = setup(2_000);
    const result = await pipeline.accept([
      { value: kafkaEvent(1, `Kafka ${'x'.repeat(5_000)}`), location: 'github-api /events?page=1' },
      { value: kafkaEvent(2), location: 'github-api /events?page=1' },
      { value: kafkaEvent(2), location: 'github-api /events?page=2' },
    ]);
    await queue.flushed();
    expect(result).toEqual({ seen: 2, duplicates: 1, matched: 1, deadLettered: 1 });
    expect(reasons).toEqual(['too_large']);
    expect(published.map((record) => record.sourceId)).toEqual(['40000000002']);
    await queue.stop(100);
  });
});

describe('EventPipeline with a Kinesis target', () => {
  it('dead-letters an event whose value fits PUBLISH_MAX_RECORD_BYTES but whose Kinesis record (envelope and key) does not, and keeps the queue flowing', async () => {
    const sent: string[] = [];
    const client = {
      send: (command: { input: { Records: { Data: Uint8Array }[] } }) => {
        for (const entry of command.input.Records) {
          const data = JSON.parse(Buffer.from(entry.Data).toString('utf8')) as {
            record: { event: { id: string } };
          };
          sent.push(data.record.event.id);
        }
        return Promise.resolve({ FailedRecordCount: 0, Records: [] });
      },
      destroy: () => undefined,
    } as unknown as KinesisClient;
    const { pipeline, queue, reasons } = setup(1024 * 1024, new KinesisPublisher(client, 'events'));
    // The matched record's value lands just under 1 MiB; the envelope pushes the Kinesis record over.
    const probe = toOutgoingRecord(new EventFilter(kafkaMatcher()).match(kafkaEvent(1, 'Kafka'))!);
    const filler = 1024 * 1024 - probe.value.byteLength - 64;
    const result = await pipeline.accept([
      {
        value: kafkaEvent(1, `Kafka ${'x'.repeat(filler)}`),
        location: 'github-api /events?page=1',
      },
      { value: kafkaEvent(2), location: 'github-api /events?page=1' },
    ]);
    await queue.flushed();
    expect(result.deadLettered).toBe(1);
    expect(reasons).toEqual(['too_large']);
    expect(sent).toEqual(['40000000002']);
    expect(await queue.stop(100)).toBe(0);
  });
});
