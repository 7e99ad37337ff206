import type { Producer } from 'kafkajs';
import { BRONZE_FILES_TOPIC, type BronzeFileEvent } from '@tributary/schemas';

/**
 * The sink's events on `bronze.files` (files, completed hours, late files), keyed by topic. At least
 * once: a crash between a commit and its event loses nothing but may repeat an event (each carries the
 * file's URI or the hour, so a consumer can tell).
 */
export class SinkPublisher {
  constructor(private readonly producer: Producer) {}

  async fileEvents(events: readonly BronzeFileEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.producer.send({
      topic: BRONZE_FILES_TOPIC,
      acks: -1,
      messages: events.map((event) => ({ key: event.topic, value: JSON.stringify(event) })),
    });
  }
}
