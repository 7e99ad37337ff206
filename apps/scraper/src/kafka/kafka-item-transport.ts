import { CompressionTypes, type Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import type {
  ItemDeadLetter,
  ItemTransport,
  OutgoingItem,
} from '../engine/items/validating-item-sink';
import { GroupCommit } from '../engine/support/group-commit';
import type { DeadLetterTopic } from './dead-letter-topic';

/**
 * Items to the output topic through one idempotent producer with group commit: the items of pages
 * finishing at the same time share a send; a failed send is retried (never duplicated within a
 * partition by the idempotent producer) until it succeeds or the app shuts down.
 */
export class KafkaItemTransport implements ItemTransport {
  private readonly writer: GroupCommit<OutgoingItem>;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly deadLetters: DeadLetterTopic,
    logger: Logger,
    private readonly compression: 'gzip' | 'none',
    onRetry: () => void,
  ) {
    this.writer = new GroupCommit((items) => this.send(items), {
      maxBatch: 1_000,
      retryDelayMs: (attempt) => Math.min(30_000, 200 * 2 ** attempt),
      onRetry: (error, attempt, delayMs) => {
        onRetry();
        logger.warn({ err: error, attempt, delayMs, topic }, 'publishing items failed; retrying');
      },
    });
  }

  publish(items: OutgoingItem[]): Promise<void> {
    return this.writer.add(items);
  }

  deadLetter(letters: ItemDeadLetter[]): Promise<void> {
    return this.deadLetters.items(letters);
  }

  /** Waits for what is being written, then stops (what still waits is rejected). */
  close(): Promise<void> {
    return this.writer.close();
  }

  private async send(items: OutgoingItem[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      compression: this.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      messages: items.map((item) => ({ key: item.key, value: item.value, headers: item.headers })),
    });
  }
}
