import { Partitioners } from 'kafkajs';
import { deadLetterTopic } from '@tributary/schemas';
import { createLogger } from '@tributary/runtime';
import {
  PartitionDeadLetters,
  UncommittedEnds,
  type DeadLetterContext,
} from '../src/exactly-once/dead-letter-log';
import { createTopics, kafka, uniqueName } from './helpers';

const logger = createLogger({ app: 'dead-letter-log-test', level: 'silent' });

describe('dead letters: what a new owner learns was already sent', () => {
  const ns = uniqueName();
  const topic = `${ns}.github.events.matched`;
  const context = (): DeadLetterContext & { ends: UncommittedEnds } => ({
    kafka,
    admin: kafka.admin(),
    ends: new UncommittedEnds(kafka),
    groupId: ns,
    logger,
  });
  const contexts: (DeadLetterContext & { ends: UncommittedEnds })[] = [];

  beforeAll(async () => {
    await createTopics([deadLetterTopic(topic)], 3);
  });

  afterAll(async () => {
    for (const { admin, ends } of contexts) {
      await admin.disconnect();
      await ends.close();
    }
  });

  it('finds dead letters committed after another partition’s transaction that is still open (the last stable offset lags), instead of sending them again', async () => {
    const ctx = context();
    contexts.push(ctx);
    await ctx.admin.connect();
    // Partitions 1 and 4 share dead-letter partition 1. Partition 4's owner died mid-transaction.
    const stuck = kafka.producer({
      transactionalId: `${ns}.dlq.${topic}.4`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 10_000,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await stuck.connect();
    const open = await stuck.transaction();
    await open.send({
      topic: deadLetterTopic(topic),
      messages: [{ value: 'bad record of partition 4', partition: 1 }],
    });
    // Partition 1's owner marks and sends a dead letter after it, committed.
    const owner = new PartitionDeadLetters(ctx, topic, 1);
    const mark = await owner.markNow();
    await owner.send([
      {
        offset: 100n,
        key: null,
        value: Buffer.from('{"bad'),
        headers: {},
        reason: 'malformed_json',
        detail: 'Unterminated string in JSON',
      },
    ]);
    // The next owner of partition 1 fences, reads the dead-letter topic from the mark, and knows.
    const next = new PartitionDeadLetters(ctx, topic, 1);
    await next.recover(mark, 50n);
    expect(next.alreadySent(100n)).toBe(true);
    expect(next.alreadySent(101n)).toBe(false);
    await next.close();
    await owner.close();
    await stuck.disconnect();
  }, 90_000);
});
