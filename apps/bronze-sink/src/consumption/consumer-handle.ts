import type { Consumer } from 'kafkajs';

/**
 * The group consumer of the moment, as the parts that seek and commit see it: the task replaces it
 * on every (re)start, and while there is none (restarting, stopped) a seek or commit does nothing.
 */
export class ConsumerHandle {
  private consumer: Consumer | undefined;

  get current(): Consumer | undefined {
    return this.consumer;
  }

  set(consumer: Consumer | undefined): void {
    this.consumer = consumer;
  }

  /** Consume `partition` again from `offset` (its next batch starts there). */
  seek(topic: string, partition: number, offset: bigint): void {
    try {
      this.consumer?.seek({ topic, partition, offset: offset.toString() });
    } catch {
      // kafkajs throws while its group is not running yet (a restart). Nothing is lost: the next
      // batch of the partition starts past nextOffset, and batch intake seeks back then.
    }
  }

  /** Commits the group offset of `partition`; resolves false when there is no consumer. */
  async commit(topic: string, partition: number, offset: bigint): Promise<boolean> {
    if (!this.consumer) return false;
    await this.consumer.commitOffsets([{ topic, partition, offset: offset.toString() }]);
    return true;
  }
}
