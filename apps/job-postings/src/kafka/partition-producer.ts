import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { TributaryError, type Logger } from '@tributary/runtime';
import { connectFencing } from '@tributary/runtime/kafka';

/** Messages for one topic inside a transaction (`partition` set where the caller decides it). */
export interface TopicBatch {
  topic: string;
  messages: Message[];
}

/** Keep each send well under the broker's 1 MiB record-batch limit. */
const SEND_BYTES = 512 * 1024;

const FENCED_ERRORS = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'INVALID_PRODUCER_ID_MAPPING',
]);

function isFenced(error: unknown): boolean {
  for (let cause = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && FENCED_ERRORS.has(type)) return true;
  }
  return false;
}

function sizeOf(message: Message): number {
  const length = (value: Message['value'] | Message['key']) =>
    value === null || value === undefined
      ? 0
      : typeof value === 'string'
        ? value.length * 3
        : value.length;
  return length(message.value) + length(message.key) + 256;
}

/** Splits the batches into sends of at most SEND_BYTES each (one message may exceed it alone). */
function sends(batches: readonly TopicBatch[]): TopicBatch[][] {
  const result: TopicBatch[][] = [];
  let current: TopicBatch[] = [];
  let bytes = 0;
  for (const batch of batches) {
    for (const message of batch.messages) {
      const size = sizeOf(message);
      if (bytes > 0 && bytes + size > SEND_BYTES) {
        result.push(current);
        current = [];
        bytes = 0;
      }
      const last = current[current.length - 1];
      if (last?.topic === batch.topic) last.messages.push(message);
      else current.push({ topic: batch.topic, messages: [message] });
      bytes += size;
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** What a run needs of a partition's producer: one atomic commit of many topics' messages. */
export interface TransactionalProducer {
  commit(batches: readonly TopicBatch[], logger: Logger): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * The transactional producer of one state partition. Its transactional id is the partition's, so
 * connecting it fences any other producer of that partition (a zombie after a rebalance, a killed
 * instance's unfinished transaction is aborted); each `commit` writes changes, dead letters, state
 * and dedupe claims atomically: all of them, or none.
 */
export class PartitionProducer implements TransactionalProducer {
  private constructor(
    readonly transactionalId: string,
    private readonly producer: Producer,
  ) {}

  static async connect(kafka: Kafka, transactionalId: string): Promise<PartitionProducer> {
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: 60_000,
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs starts a transaction right after the previous commit; the coordinator answers
      // CONCURRENT_TRANSACTIONS until its markers are written: short first retries keep that cheap.
      // Retries are unbounded, as an idempotent producer's must be: a broker away means waiting.
      retry: { initialRetryTime: 50, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
    await connectFencing(producer);
    return new PartitionProducer(transactionalId, producer);
  }

  /** Writes every batch in one transaction. Throws JOBS_STATE_FENCED once another owner took over. */
  async commit(batches: readonly TopicBatch[], logger: Logger): Promise<void> {
    if (batches.every((batch) => batch.messages.length === 0)) return;
    const transaction = await this.producer.transaction();
    try {
      for (const send of sends(batches)) {
        await transaction.sendBatch({
          acks: -1,
          compression: CompressionTypes.GZIP,
          topicMessages: send,
        });
      }
      await transaction.commit();
    } catch (error) {
      if (isFenced(error)) {
        throw new TributaryError('JOBS_STATE_FENCED', `${this.transactionalId} was fenced`, {
          cause: error,
        });
      }
      await transaction
        .abort()
        .catch((abortError: unknown) =>
          logger.warn({ err: abortError, transactionalId: this.transactionalId }, 'abort failed'),
        );
      throw new TributaryError(
        'JOBS_PUBLISH_FAILED',
        `transaction of ${this.transactionalId} failed`,
        {
          cause: error,
          retriable: true,
        },
      );
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
