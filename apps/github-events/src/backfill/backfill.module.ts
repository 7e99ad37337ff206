import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import { LOGGER } from '@tributary/runtime/app';
import { deadLetterTopic } from '@tributary/schemas';
import type { GithubEventsConfig } from '../config/env';
import { EventPipeline } from '../event-pipeline';
import { EVENTS_METRICS, type GithubEventsMetrics } from '../metrics';
import { DeadLetters } from '../publish/dead-letters';
import { PublishQueues } from '../publish/publish-queues';
import { backfill, defaultCheckpointFile, type BackfillSummary } from './backfill';

const count = (value: number) => value.toLocaleString('en-US');

/** The closing line of a backfill: what was read, matched and dead-lettered, and where to. */
export function describeSummary(summary: BackfillSummary, deadLetterTarget: string): string {
  const letters = Object.entries(summary.deadLettered);
  const total = letters.reduce((sum, [, added]) => sum + added, 0);
  const reasons = letters.map(([reason, added]) => `${count(added)} ${reason}`).join(', ');
  return (
    `backfill complete: ${count(summary.hours)} hours read` +
    (summary.skippedHours > 0 ? ` (${count(summary.skippedHours)} already done before)` : '') +
    (summary.missingHours > 0 ? `, ${count(summary.missingHours)} missing in GH Archive` : '') +
    `; ${count(summary.lines)} lines, ${count(summary.matched)} matched, ${count(summary.duplicates)} duplicates; ` +
    `${count(total)} dead-lettered${total > 0 ? ` to ${deadLetterTarget} (${reasons})` : ''}`
  );
}

/** `github-events backfill --from … --to …`: GH Archive hours through the same pipeline. */
export class BackfillCommand {
  constructor(
    private readonly config: GithubEventsConfig,
    private readonly pipeline: EventPipeline,
    private readonly queues: PublishQueues,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: GithubEventsMetrics,
    private readonly logger: Logger,
  ) {}

  async run(range: { from: Date; to: Date }, signal: AbortSignal): Promise<BackfillSummary> {
    const checkpointFile =
      this.config.backfillCheckpointFile ??
      defaultCheckpointFile(this.config.backfillStateDir, this.config.topic, range);
    this.logger.info(`backfill checkpoint: ${checkpointFile}`);
    const summary = await backfill(
      {
        ...range,
        archiveUrl: this.config.archiveUrl,
        checkpointFile,
        checkpointLines: this.config.backfillCheckpointLines,
        signal,
      },
      {
        pipeline: this.pipeline,
        queues: this.queues.queues,
        deadLetters: this.deadLetters,
        metrics: this.metrics,
        logger: this.logger,
      },
    );
    const target = this.config.targets.includes('kafka')
      ? deadLetterTopic(this.config.topic)
      : 'the log (no Kafka target)';
    this.logger.info({ ...summary }, describeSummary(summary, target));
    return summary;
  }
}

@Module({})
export class BackfillModule {
  static register(config: GithubEventsConfig, pipeline: DynamicModule): DynamicModule {
    return {
      module: BackfillModule,
      imports: [pipeline],
      providers: [
        {
          provide: BackfillCommand,
          inject: [EventPipeline, PublishQueues, DeadLetters, EVENTS_METRICS, LOGGER],
          useFactory: (
            events: EventPipeline,
            queues: PublishQueues,
            deadLetters: DeadLetters,
            metrics: GithubEventsMetrics,
            logger: Logger,
          ) => new BackfillCommand(config, events, queues, deadLetters, metrics, logger),
        },
      ],
    };
  }
}
