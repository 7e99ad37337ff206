import { TributaryError } from '@tributary/runtime';
import type { TopicBatch, TransactionalProducer } from '../../src/kafka/partition-producer';

/** A producer that keeps every committed transaction in memory; it can be told to fail or be fenced. */
export class FakeProducer implements TransactionalProducer {
  readonly transactions: TopicBatch[][] = [];
  failNext = 0;
  fenced = false;
  /** Called after each committed transaction (with how many there are now). */
  onCommit: (count: number) => void = () => undefined;

  commit(batches: readonly TopicBatch[]): Promise<void> {
    if (this.fenced) return Promise.reject(new TributaryError('JOBS_STATE_FENCED', 'fenced'));
    if (this.failNext > 0) {
      this.failNext -= 1;
      return Promise.reject(
        new TributaryError('JOBS_PUBLISH_FAILED', 'broker away', { retriable: true }),
      );
    }
    this.transactions.push(
      batches.map((batch) => ({ topic: batch.topic, messages: [...batch.messages] })),
    );
    this.onCommit(this.transactions.length);
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  /** Every message committed to `topic`, parsed. */
  values<T = Record<string, unknown>>(topic: string): T[] {
    return this.transactions
      .flat()
      .filter((batch) => batch.topic === topic)
      .flatMap((batch) => batch.messages)
      .map((message) =>
        message.value === null || message.value === undefined
          ? (null as T)
          : (JSON.parse(String(message.value)) as T),
      );
  }

  messages(topic: string) {
    return this.transactions
      .flat()
      .filter((batch) => batch.topic === topic)
      .flatMap((batch) => batch.messages);
  }
}
