import type { Kafka } from 'kafkajs';
import { currentRanges, readRanges, tailRanges } from '@tributary/runtime/kafka';
import { ENVELOPE_HEADERS } from '@tributary/schemas';

/**
 * The envelope source ids (GitHub event ids) of the last `limit` messages of `topic`, read at start
 * so a restarted producer does not publish again what its previous run already published. A broker
 * still electing leaders fails the read as retriable (KAFKA_TAIL_UNREADABLE): the caller reads again.
 */
export async function readRecentSourceIds(
  kafka: Kafka,
  topic: string,
  limit: number,
  timeoutMs = 60_000,
): Promise<string[]> {
  const ids: string[] = [];
  await readRanges(
    kafka,
    topic,
    tailRanges(await currentRanges(kafka, topic), limit),
    (message) => {
      const id = message.headers?.[ENVELOPE_HEADERS.sourceId];
      if (id !== undefined) ids.push(id.toString());
    },
    { groupPrefix: 'github-events-dedupe', errorCode: 'KAFKA_TAIL_UNREADABLE', timeoutMs },
  );
  return ids;
}
