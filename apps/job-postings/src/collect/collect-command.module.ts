import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import { LOGGER } from '@tributary/runtime/app';
import type { JobPostingsConfig } from '../config/env';
import { FingerprintTable } from '../kafka/fingerprint-table';
import { JobKafka } from '../kafka/job-kafka';
import { CollectCommand } from './collect-command';
import { SOURCE_RUNNERS, type SourceRunners } from './source-runners';

/** `job-postings collect --source <name> --once`. */
@Module({})
export class CollectCommandModule {
  static register(config: JobPostingsConfig, pipeline: DynamicModule): DynamicModule {
    return {
      module: CollectCommandModule,
      imports: [pipeline],
      providers: [
        {
          provide: CollectCommand,
          inject: [JobKafka, SOURCE_RUNNERS, FingerprintTable, LOGGER],
          useFactory: (
            jobKafka: JobKafka,
            runners: SourceRunners,
            fingerprints: FingerprintTable,
            logger: Logger,
          ) =>
            new CollectCommand(
              jobKafka,
              runners,
              fingerprints,
              config.groupId,
              config.stateReadTimeoutMs,
              logger,
            ),
        },
      ],
      exports: [CollectCommand],
    };
  }
}
