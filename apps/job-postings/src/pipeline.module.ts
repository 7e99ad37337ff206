import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { KeywordMatcher, loadDefaultKeywordList, loadKeywordListFile } from '@tributary/keywords';
import type { Logger } from '@tributary/runtime';
import { KAFKA_CLIENT, kafkaProviders, LOGGER } from '@tributary/runtime/app';
import { createSourceRunners, SOURCE_RUNNERS } from './collect/source-runners';
import type { JobPostingsConfig } from './config/env';
import { FingerprintTable } from './kafka/fingerprint-table';
import { JobKafka } from './kafka/job-kafka';
import { JOBS_METRICS, type JobPostingsMetrics } from './metrics';
import { DuplicateIndex } from './tracking/duplicate-index';

/** Closes the Kafka pieces every command shares, last (after the commands have drained). */
@Injectable()
class PipelineShutdown implements OnApplicationShutdown {
  constructor(
    private readonly jobKafka: JobKafka,
    private readonly fingerprints: FingerprintTable,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.fingerprints.stop();
    await this.jobKafka.close();
  }
}

/**
 * What serving and one-off runs share: the Kafka client and topics, the keyword matcher, the
 * cross-source duplicate index and its table, and one runner per enabled source.
 */
@Module({})
export class PipelineModule {
  static register(config: JobPostingsConfig): DynamicModule {
    return {
      module: PipelineModule,
      providers: [
        ...kafkaProviders<JobPostingsConfig>((appConfig) => appConfig.kafka),
        {
          provide: JobKafka,
          inject: [KAFKA_CLIENT, LOGGER],
          useFactory: (kafka: Kafka, logger: Logger) => JobKafka.connect(kafka, config, logger),
        },
        {
          provide: KeywordMatcher,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            const matcher = new KeywordMatcher(
              config.keywordsFile
                ? loadKeywordListFile(config.keywordsFile)
                : loadDefaultKeywordList(),
            );
            logger.info(
              { keywordListVersion: matcher.version, keywords: matcher.keywordCount },
              'keyword list loaded',
            );
            return matcher;
          },
        },
        { provide: DuplicateIndex, useFactory: () => new DuplicateIndex() },
        {
          provide: FingerprintTable,
          inject: [JobKafka, DuplicateIndex, LOGGER],
          useFactory: (jobKafka: JobKafka, index: DuplicateIndex, logger: Logger) =>
            new FingerprintTable(
              jobKafka.kafka,
              jobKafka.topics.fingerprints,
              index,
              config.groupId,
              logger,
            ),
        },
        {
          provide: SOURCE_RUNNERS,
          inject: [KeywordMatcher, DuplicateIndex, JobKafka, JOBS_METRICS, LOGGER],
          useFactory: (
            matcher: KeywordMatcher,
            duplicates: DuplicateIndex,
            jobKafka: JobKafka,
            metrics: JobPostingsMetrics,
            logger: Logger,
          ) => createSourceRunners(config, matcher, duplicates, jobKafka.topics, metrics, logger),
        },
        PipelineShutdown,
      ],
      exports: [JobKafka, DuplicateIndex, FingerprintTable, SOURCE_RUNNERS],
    };
  }
}
