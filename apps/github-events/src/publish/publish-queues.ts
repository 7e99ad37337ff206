import type { BeforeApplicationShutdown, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import type { GithubEventsMetrics } from '../metrics';
import type { DeadLetters } from './dead-letters';
import type { KafkaTarget } from './kafka-target';
import type { KinesisTarget } from './kinesis-target';
import { PublishQueue } from './publish-queue';

/** Bounds the drain at shutdown: what is left is re-fetched from GitHub's window on the next start. */
export const DRAIN_TIMEOUT_MS = 15_000;

/** One publish queue per target, started at once; drained before shutdown, then disconnected. */
export class PublishQueues implements BeforeApplicationShutdown, OnApplicationShutdown {
  readonly queues: PublishQueue[] = [];

  constructor(
    private readonly targets: { kafka?: KafkaTarget; kinesis?: KinesisTarget },
    deadLetters: DeadLetters,
    metrics: GithubEventsMetrics,
    private readonly logger: Logger,
    capacity: number,
  ) {
    for (const { publisher } of [targets.kafka, targets.kinesis].filter((target) => !!target)) {
      const target = publisher.target;
      const queue: PublishQueue = new PublishQueue(publisher, {
        capacity,
        lingerMs: 20,
        logger,
        onPublished: (records) => {
          metrics.published.inc({ target }, records.length);
          const now = Date.now();
          for (const record of records) {
            metrics.publishLatency.observe({ target }, (now - (record.enqueuedAt ?? now)) / 1000);
          }
          metrics.publishBuffered.set({ target }, queue.size);
        },
        onFailure: () => {
          metrics.publishFailures.inc({ target });
          metrics.publishBuffered.set({ target }, queue.size);
        },
        onRejected: (rejected) =>
          deadLetters.send(
            rejected.map(({ record, reason }) => ({
              reason: 'rejected_by_target',
              detail: `${target}: ${reason}`,
              location: `${target} publish of event ${record.sourceId}`,
              raw: record.value.toString('utf8'),
            })),
          ),
      });
      queue.start();
      this.queues.push(queue);
    }
  }

  /** Resolves once every record accepted so far is published by every target. */
  async flushed(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.flushed()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const queue of this.queues) {
      const left = await queue.stop(DRAIN_TIMEOUT_MS);
      if (left > 0) {
        this.logger.error(
          { target: queue.publisher.target, records: left },
          'records still unpublished at shutdown; the next start re-fetches those still in GitHub’s window',
        );
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.targets.kafka?.close();
    await this.targets.kinesis?.close();
  }
}
