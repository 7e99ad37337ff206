import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import { AppControl, LOGGER, Readiness } from '@tributary/runtime/app';
import type { GithubEventsConfig } from '../config/env';
import { SeenWindow } from '../dedupe/seen-window';
import { EventPipeline } from '../event-pipeline';
import { EVENTS_METRICS, type GithubEventsMetrics } from '../metrics';
import { EventsClient } from './events-client';
import { EventsPoller } from './events-poller';
import { PollingService } from './polling.service';
import { UpstreamHealth } from './upstream-health';

/** `github-events` (the default command): poll GET /events until stopped. */
@Module({})
export class PollingModule {
  static register(config: GithubEventsConfig, pipeline: DynamicModule): DynamicModule {
    return {
      module: PollingModule,
      imports: [pipeline],
      providers: [
        {
          // Adds "github" to /health/ready: not ready once GitHub has failed for GITHUB_NOT_READY_AFTER_S.
          provide: UpstreamHealth,
          inject: [Readiness],
          useFactory: (readiness: Readiness) => {
            const health = new UpstreamHealth(config.api.notReadyAfterMs);
            readiness.add('github', () => health.check());
            return health;
          },
        },
        {
          provide: EventsPoller,
          inject: [EventPipeline, SeenWindow, EVENTS_METRICS, LOGGER, UpstreamHealth],
          useFactory: (
            events: EventPipeline,
            seen: SeenWindow,
            metrics: GithubEventsMetrics,
            logger: Logger,
            health: UpstreamHealth,
          ) => {
            // One client per token; without a token, one anonymous client (60 requests an hour).
            const tokens = config.api.tokens.length > 0 ? config.api.tokens : [undefined];
            const clients = tokens.map(
              (token, index) =>
                new EventsClient(
                  {
                    baseUrl: config.api.baseUrl,
                    userAgent: config.api.userAgent,
                    timeoutMs: config.api.requestTimeoutMs,
                    ...(token ? { token, tokenNumber: index + 1 } : {}),
                  },
                  logger,
                  config.api.perPage,
                ),
            );
            return new EventsPoller(
              clients,
              events,
              seen,
              metrics,
              logger,
              {
                maxPages: config.api.maxPages,
                minPollIntervalMs: config.api.minPollIntervalMs,
                rateLimitMinWaitMs: config.api.rateLimitMinWaitMs,
                backoffMaxMs: config.api.backoffMaxMs,
              },
              health,
            );
          },
        },
        {
          provide: PollingService,
          inject: [EventsPoller, AppControl, LOGGER],
          useFactory: (poller: EventsPoller, control: AppControl, logger: Logger) =>
            new PollingService(poller, control, logger, {
              api: config.api.baseUrl,
              tokenCount: config.api.tokens.length,
              targets: config.targets,
              topic: config.topic,
            }),
        },
      ],
    };
  }
}
