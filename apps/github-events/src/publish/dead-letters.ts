import type { Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import {
  deadLetterMessage,
  deadLetterTopic,
  type ProducerDeadLetter as DeadLetter,
} from '@tributary/schemas';

/** Why github-events could not publish something it received; also the metric's `reason` label. */
export type ProducerDeadLetterReason =
  'malformed_json' | 'schema_invalid' | 'too_large' | 'rejected_by_target';

export interface ProducerDeadLetter extends DeadLetter {
  reason: ProducerDeadLetterReason;
}

/**
 * Writes what could not be published to `<topic>.dlq` with the reason, when Kafka is a target.
 * Without Kafka (Kinesis only) a dead letter is logged in full and counted instead, never dropped
 * silently.
 */
export class DeadLetters {
  constructor(
    private readonly topic: string,
    private readonly producer: Producer | undefined,
    private readonly logger: Logger,
    private readonly onDeadLetter: (reason: ProducerDeadLetterReason) => void,
  ) {}

  async send(letters: ProducerDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    for (const letter of letters) this.onDeadLetter(letter.reason);
    if (!this.producer) {
      for (const letter of letters) {
        this.logger.error(
          {
            reason: letter.reason,
            detail: letter.detail,
            location: letter.location,
            raw: letter.raw,
          },
          'dead letter (no Kafka target to hold it)',
        );
      }
      return;
    }
    const failedAt = new Date();
    await this.producer.send({
      topic: deadLetterTopic(this.topic),
      acks: -1,
      messages: letters.map((letter) => deadLetterMessage(letter, failedAt)),
    });
  }
}
