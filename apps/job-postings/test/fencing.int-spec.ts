import { createTopics, readTopic, testKafka, uniqueName } from '@tributary/local-stack/testing';
import { PartitionProducer } from '../src/kafka/partition-producer';
import { silentLogger } from './support/listing';

// Two owners of one state partition, as a rebalance makes them: the new owner's claim must fence the
// old one before it reads the partition's end, or a commit of the old one lands after the read and the
// new owner publishes the same changes again (seen as duplicate revision-1 changes under load).
describe('claiming a state partition fences its earlier owner at once', () => {
  it("aborts the earlier owner's open transaction, so its commit fails, before the new owner's first transaction", async () => {
    const topic = `${uniqueName('jobs-fence')}.state`;
    await createTopics([topic], 1);
    const transactionalId = uniqueName('jobs-fence-state-0');
    const kafka = testKafka();
    const earlier = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await earlier.connect();
    const open = await earlier.transaction();
    await open.send({ topic, messages: [{ key: 'posting:a', value: 'open when fenced' }] });

    const claimer = await PartitionProducer.connect(kafka, transactionalId);
    try {
      await expect(open.commit()).rejects.toThrow();
      await claimer.commit(
        [{ topic, messages: [{ key: 'posting:c', value: 'the new owner' }] }],
        silentLogger,
      );
      expect((await readTopic(topic)).map((message) => message.value)).toEqual(['the new owner']);
    } finally {
      await earlier.disconnect();
      await claimer.disconnect();
    }
  });
});
