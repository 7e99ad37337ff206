import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';

/**
 * Membership in the group of job-postings instances. The group is subscribed to the state topic
 * only so Kafka assigns its partitions — each partition, hence each source, to exactly one live
 * member. Nothing is consumed through it (every partition stays paused); each assignment is handed
 * to `onAssignment`, which claims and loads the partitions itself.
 */
export class OwnershipGroup {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    groupId: string,
    sessionTimeoutMs: number,
    private readonly onAssignment: (partitions: number[]) => void,
    private readonly onFatal: (error: unknown) => void,
    private readonly logger: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: sessionTimeoutMs,
      rebalanceTimeout: Math.max(sessionTimeoutMs, 30_000),
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 5)),
      maxWaitTimeInMs: 500,
    });
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      // Synchronous, before the first fetch of the generation: nothing is ever fetched.
      this.consumer.pause([{ topic: this.topic }]);
      const partitions = [...(payload.memberAssignment[this.topic] ?? [])].sort((a, b) => a - b);
      this.logger.info({ memberId: payload.memberId, partitions }, 'state partitions assigned');
      this.onAssignment(partitions);
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.logger.warn(
        { err: payload.error, restart: payload.restart },
        'ownership consumer crashed',
      );
      // Without a restart this instance would silently own nothing: end it, so it is replaced.
      if (!payload.restart) this.onFatal(payload.error);
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await this.consumer.run({ autoCommit: false, eachBatch: async () => Promise.resolve() });
  }

  /** Leaves the group, so the partitions move to the other members at once. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
