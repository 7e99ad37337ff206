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
    this.consumer?.seek({ topic, partition, offset: offset.toString() });
  }

  /** Commits the group offset of `partition`; resolves false when there is no consumer. */
  async commit(topic: string, partition: number, offset: bigint): Promise<boolean> {
    if (!this.consumer) return false;
    await this.consumer.commitOffsets([{ topic, partition, offset: offset.toString() }]);
    return true;
  }
}
