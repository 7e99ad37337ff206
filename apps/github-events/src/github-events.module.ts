import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@tributary/runtime/app';
import { BackfillModule } from './backfill/backfill.module';
import type { GithubEventsConfig } from './config/env';
import { createGithubEventsMetrics, EVENTS_METRICS } from './metrics';
import { PipelineModule } from './pipeline.module';
import { PollingModule } from './poller/polling.module';

export type GithubEventsCommand = 'poll' | 'backfill';

/**
 * The root of github-events: its metrics (global, every module counts), the event pipeline with its
 * publishing targets, and what feeds it — the poller, or the GH Archive backfill.
 */
@Module({})
export class GithubEventsModule {
  static register(config: GithubEventsConfig, command: GithubEventsCommand): DynamicModule {
    const pipeline = PipelineModule.register(config, command === 'poll' ? 'api' : 'archive');
    return {
      module: GithubEventsModule,
      global: true,
      imports: [
        command === 'poll'
          ? PollingModule.register(config, pipeline)
          : BackfillModule.register(config, pipeline),
      ],
      providers: [
        {
          provide: EVENTS_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => createGithubEventsMetrics(registry),
        },
      ],
      exports: [EVENTS_METRICS],
    };
  }
}
