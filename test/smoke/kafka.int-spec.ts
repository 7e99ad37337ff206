import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { stackEndpointsFromEnv, waitUntil } from '@tributary/local-stack';

const { kafkaBrokers } = stackEndpointsFromEnv();
const kafka = new Kafka({ clientId: 'smoke', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });

describe('Kafka (real KRaft broker)', () => {
  const topic = `smoke.kafka.${randomUUID()}`;
  const groupId = `smoke-${randomUUID()}`;
  const consumers: Consumer[] = [];
  const producer = kafka.producer({ idempotent: true });
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  async function startConsumer(
    name: string,
    seen: Map<string, string>,
    assigned: number[][],
  ): Promise<Consumer> {
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      rebalanceTimeout: 10_000,
    });
    consumers.push(consumer);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assigned.push(event.payload.memberAssignment[topic] ?? []);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }: EachMessagePayload) => {
        const key = message.key?.toString() ?? '';
        if (seen.has(key))
          throw new Error(`${key} delivered twice (to ${seen.get(key)} and ${name})`);
        seen.set(key, name);
        return Promise.resolve();
      },
    });
    return consumer;
  }

  async function produce(from: number, count: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, index) => ({
      key: `key-${from + index}`,
      value: JSON.stringify({ n: from + index }),
    }));
    await producer.send({ topic, acks: -1, messages });
  }

  it('delivers every message once and splits partitions between group members after a rebalance', async () => {
    const seen = new Map<string, string>();
    const firstAssignments: number[][] = [];
    const secondAssignments: number[][] = [];

    await produce(0, 50);
    await startConsumer('first', seen, firstAssignments);
    await waitUntil('first consumer reads 50 messages', () => Promise.resolve(seen.size === 50), {
      timeoutMs: 30_000,
    });
    expect(firstAssignments.at(-1)?.sort()).toEqual([0, 1]);

    await startConsumer('second', seen, secondAssignments);
    await waitUntil(
      'rebalance gives each member one partition',
      () =>
        Promise.resolve(
          firstAssignments.at(-1)?.length === 1 && secondAssignments.at(-1)?.length === 1,
        ),
      { timeoutMs: 30_000 },
    );
    expect(
      [...(firstAssignments.at(-1) ?? []), ...(secondAssignments.at(-1) ?? [])].sort(),
    ).toEqual([0, 1]);

    await produce(50, 50);
    await waitUntil('both members read the next 50', () => Promise.resolve(seen.size === 100), {
      timeoutMs: 30_000,
    });
    const readBy = new Set(
      [...seen.entries()].filter(([key]) => Number(key.slice(4)) >= 50).map(([, name]) => name),
    );
    expect(readBy).toEqual(new Set(['first', 'second']));
  });
});
