import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import { LOGGER } from '@tributary/runtime/app';
import type { GithubEventsConfig } from '../config/env';
import { EventPipeline } from '../event-pipeline';
import { EVENTS_METRICS, type GithubEventsMetrics } from '../metrics';
import { DeadLetters } from '../publish/dead-letters';
import { PublishQueues } from '../publish/publish-queues';
import { backfill, type BackfillSummary } from './backfill';

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
    const summary = await backfill(
      {
        ...range,
        archiveUrl: this.config.archiveUrl,
        checkpointFile: this.config.backfillCheckpointFile,
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
    this.logger.info({ ...summary }, 'backfill complete');
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
