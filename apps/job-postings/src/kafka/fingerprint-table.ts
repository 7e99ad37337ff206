import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { z } from 'zod';
import { TributaryError, type Logger } from '@tributary/runtime';
import { untilKafkaSettles } from '@tributary/runtime/kafka';
import type { DuplicateIndex, FirstSeen } from '../tracking/duplicate-index';

const Claim = z.object({ posting_id: z.string(), first_seen_at: z.number() });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function claimValue(claim: FirstSeen): string {
  return JSON.stringify({ posting_id: claim.postingId, first_seen_at: claim.firstSeenAt });
}

/**
 * Keeps the cross-source duplicate index current from the fingerprints topic: read from the start
 * at boot (every instance needs every source's claims), then followed for claims other instances
 * commit.
 */
export class FingerprintTable {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly index: DuplicateIndex,
    private readonly groupPrefix: string,
    private readonly logger: Logger,
  ) {}

  /** Starts following; resolves once everything committed before the start has been read. */
  async start(timeoutMs: number): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await untilKafkaSettles(
      () => admin.fetchTopicOffsets(this.topic),
      this.logger,
    ).finally(() => admin.disconnect());
    const pending = new Map(
      ends
        .filter((entry) => BigInt(entry.high) > BigInt(entry.low))
        .map((entry) => [entry.partition, BigInt(entry.high)]),
    );
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (pending.size === 0) caughtUp();
    const consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-fingerprints-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString();
          if (!key || !message.value) continue;
          const claim = Claim.safeParse(parseJson(message.value.toString('utf8')));
          if (claim.success) {
            this.index.apply(key, {
              postingId: claim.data.posting_id,
              firstSeenAt: claim.data.first_seen_at,
            });
          }
        }
        const end = pending.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) >= end - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) caughtUp();
        }
        await Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TributaryError(
              'JOBS_STATE_UNREADABLE',
              `${this.topic} not read to its end within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.logger.info({ topic: this.topic, keys: this.index.size }, 'duplicate index loaded');
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
