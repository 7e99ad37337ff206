import { CompressionTypes, type Producer } from 'kafkajs';
import { deadLetterHeaders, deadLetterMessage } from '@tributary/schemas';
import type { PageDeadLetter, PageDeadLetters } from '../engine/items/item-sink';
import type { ItemDeadLetter } from '../engine/items/validating-item-sink';

/**
 * `<topic>.dlq`: items that failed validation (the record as it would have been published) and pages
 * given up (what was asked and why), each with the reason, the detail and the page URL in headers.
 */
export class DeadLetterTopic implements PageDeadLetters {
  constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  async items(letters: readonly ItemDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const failedAt = new Date();
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: letters.map((letter) => deadLetterMessage(letter, failedAt)),
    });
  }

  async send(letter: PageDeadLetter): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: letter.url,
          value: JSON.stringify({
            url: letter.url,
            spider: letter.spider,
            crawl_id: letter.crawlId,
            reason: letter.reason,
            detail: letter.detail,
            attempts: letter.attempts,
            status: letter.status,
          }),
          headers: deadLetterHeaders({
            reason: letter.reason,
            detail: letter.detail,
            source: { location: letter.url },
            failedAt: new Date(),
          }),
        },
      ],
    });
  }
}
