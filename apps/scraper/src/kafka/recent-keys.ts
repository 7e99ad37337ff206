import type { Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { untilKafkaSettles } from '@tributary/runtime/kafka';
import { ENVELOPE_HEADERS } from '@tributary/schemas';
import { SeenKeys } from '../engine/items/seen-keys';
import { scanTopic } from './topic-scan';

/**
 * The dedupe window, refilled from the `tributary-source-id` header (the item key) of the output
 * topic's last `capacity` messages: what an earlier run already published (decision 0011).
 */
export async function recentKeys(
  kafka: Kafka,
  topic: string,
  capacity: number,
  logger: Logger,
): Promise<SeenKeys> {
  const admin = kafka.admin();
  await admin.connect();
  let partitions = 1;
  try {
    if ((await admin.listTopics()).includes(topic))
      partitions = (await admin.fetchTopicOffsets(topic)).length;
  } finally {
    await admin.disconnect();
  }
  return untilKafkaSettles(async () => {
    const seen = new SeenKeys(capacity);
    const read = await scanTopic(
      kafka,
      topic,
      { from: 'tail', perPartition: Math.ceil(capacity / partitions) },
      (message) => {
        const key = message.headers?.[ENVELOPE_HEADERS.sourceId];
        if (key !== undefined) seen.add(key.toString());
      },
    );
    logger.info({ topic, read, keys: seen.size }, 'dedupe window rebuilt from the topic');
    return seen;
  }, logger);
}
