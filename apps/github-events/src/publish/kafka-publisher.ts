import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
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
    this.producer = kafka.producer({
      idempotent: true,
      // kafkajs guarantees ordering for the idempotent producer with one request in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 on the key, as the Java client partitions: one repo always lands in one partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
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
