import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import type { Logger } from '@tributary/runtime';
import { AppControl, LOGGER } from '@tributary/runtime/app';
import { SOURCE_RUNNERS, type SourceRunners } from '../collect/source-runners';
import type { JobPostingsConfig } from '../config/env';
import { FingerprintTable } from '../kafka/fingerprint-table';
import { JobKafka } from '../kafka/job-kafka';
import { JOBS_METRICS, type JobPostingsMetrics } from '../metrics';
import { CollectorService } from './collector.service';

/** `job-postings`: every owned source on its schedule, until stopped. */
@Module({})
export class ServeModule {
  static register(config: JobPostingsConfig, pipeline: DynamicModule): DynamicModule {
    return {
      module: ServeModule,
      imports: [ScheduleModule.forRoot(), pipeline],
      providers: [
        {
          provide: CollectorService,
          inject: [
            JobKafka,
            SOURCE_RUNNERS,
            FingerprintTable,
            SchedulerRegistry,
            AppControl,
            JOBS_METRICS,
            LOGGER,
          ],
          useFactory: (
            jobKafka: JobKafka,
            runners: SourceRunners,
            fingerprints: FingerprintTable,
            scheduler: SchedulerRegistry,
            control: AppControl,
            metrics: JobPostingsMetrics,
            logger: Logger,
          ) =>
            new CollectorService(
              jobKafka,
              runners,
              fingerprints,
              scheduler,
              control,
              metrics,
              logger,
              {
                groupId: config.groupId,
                sessionTimeoutMs: config.sessionTimeoutMs,
                stateReadTimeoutMs: config.stateReadTimeoutMs,
              },
            ),
        },
      ],
    };
  }
}
