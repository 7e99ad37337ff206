import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { IDEMPOTENT_PRODUCER } from '@tributary/runtime/kafka';
import type { OutgoingRecord } from './outgoing-record';
import type { RecordPublisher } from './record-publisher';

/**
 * Idempotent Kafka producer waiting for all in-sync replicas: a retried send never duplicates or
 * reorders within a partition. Key = repo full name, so one repo's events stay in order.
 */
export class KafkaPublisher implements RecordPublisher {
  readonly target = 'kafka';
  readonly maxBatchRecords = 1_000;
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer(IDEMPOTENT_PRODUCER);
  }

  refusal(): undefined {
    // The broker's limit is the value's, checked against PUBLISH_MAX_RECORD_BYTES before queuing.
    return undefined;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: records.map((record) => ({
        key: record.key,
        value: record.value,
        headers: record.headers,
      })),
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
