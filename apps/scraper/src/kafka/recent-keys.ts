import type { Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { currentRanges, readRanges, tailRanges, untilKafkaSettles } from '@tributary/runtime/kafka';
import { ENVELOPE_HEADERS } from '@tributary/schemas';
import { SeenKeys } from '../engine/items/seen-keys';

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
  return untilKafkaSettles(async () => {
    const seen = new SeenKeys(capacity);
    let read = 0;
    await readRanges(
      kafka,
      topic,
      tailRanges(await currentRanges(kafka, topic), capacity),
      (message) => {
        read += 1;
        const key = message.headers?.[ENVELOPE_HEADERS.sourceId];
        if (key !== undefined) seen.add(key.toString());
      },
      { groupPrefix: 'scraper-recent-keys', errorCode: 'KAFKA_TAIL_UNREADABLE' },
    );
    logger.info({ topic, read, keys: seen.size }, 'dedupe window rebuilt from the topic');
    return seen;
  }, logger);
}
