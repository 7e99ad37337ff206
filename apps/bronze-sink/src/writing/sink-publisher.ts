import type { IHeaders, Producer } from 'kafkajs';
import {
  BRONZE_FILES_TOPIC,
  deadLetterHeaders,
  deadLetterTopic,
  type BronzeFileEvent,
} from '@tributary/schemas';
import type { DeadLetterReason } from '../decode/record-decoder';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
  reason: DeadLetterReason;
  detail: string;
}

/** What the sink writes back to Kafka: dead letters (before their offsets are committed) and file events. */
export class SinkPublisher {
  constructor(private readonly producer: Producer) {}

  /** Sends dead letters and waits for every replica, so a committed offset never outruns its dead letter. */
  async deadLetter(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const failedAt = new Date();
    const byTopic = new Map<string, DeadLetter[]>();
    for (const letter of letters)
      byTopic.set(letter.topic, [...(byTopic.get(letter.topic) ?? []), letter]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, group]) => ({
        topic: deadLetterTopic(topic),
        messages: group.map((letter) => ({
          key: letter.key,
          value: letter.value,
          headers: {
            ...(letter.headers ?? {}),
            ...deadLetterHeaders({
              reason: letter.reason,
              detail: letter.detail,
              source: { topic: letter.topic, partition: letter.partition, offset: letter.offset },
              failedAt,
            }),
          },
        })),
      })),
    });
  }

  async fileEvents(events: readonly BronzeFileEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.producer.send({
      topic: BRONZE_FILES_TOPIC,
      acks: -1,
      messages: events.map((event) => ({ key: event.topic, value: JSON.stringify(event) })),
    });
  }
}
