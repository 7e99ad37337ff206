import { Module, type DynamicModule } from '@nestjs/common';
import { KeywordMatcher, loadDefaultKeywordList, loadKeywordListFile } from '@tributary/keywords';
import type { Logger } from '@tributary/runtime';
import { LOGGER } from '@tributary/runtime/app';
import type { GithubEventsConfig } from './config/env';
import { SeenWindow } from './dedupe/seen-window';
import { EventPipeline } from './event-pipeline';
import { EventFilter } from './filter/event-filter';
import { EVENTS_METRICS, type GithubEventsMetrics } from './metrics';
import { DeadLetters } from './publish/dead-letters';
import { KafkaTarget } from './publish/kafka-target';
import { KinesisTarget } from './publish/kinesis-target';
import { PublishModule } from './publish/publish.module';
import { PublishQueues } from './publish/publish-queues';

export function loadMatcher(config: GithubEventsConfig): KeywordMatcher {
  const list = config.keywordsFile
    ? loadKeywordListFile(config.keywordsFile)
    : loadDefaultKeywordList();
  return new KeywordMatcher(list);
}

/**
 * The dedupe window, rebuilt from what the targets already hold (Kafka's topic tail, else the
 * Kinesis stream's recent records), so a restart does not publish again what its last run did.
 */
async function rebuildSeenWindow(
  config: GithubEventsConfig,
  logger: Logger,
  kafka?: KafkaTarget,
  kinesis?: KinesisTarget,
): Promise<SeenWindow> {
  const seen = new SeenWindow(config.dedupeWindow);
  if (kafka) {
    const ids = await kafka.recentSourceIds(config.dedupeWindow, logger);
    for (const id of ids) seen.add(id);
    logger.info({ ids: ids.length, topic: config.topic }, 'dedupe window rebuilt from the topic');
  } else if (kinesis) {
    const ids = await kinesis.recentSourceIds(config.dedupeKinesisLookbackMs, config.dedupeWindow);
    for (const id of ids) seen.add(id);
    logger.info(
      { ids: ids.length, stream: config.kinesisStream },
      'dedupe window rebuilt from the stream',
    );
  }
  return seen;
}

/** What happens to every event, polled or backfilled: validate, dedupe, match keywords, publish. */
@Module({})
export class PipelineModule {
  static register(config: GithubEventsConfig, source: 'api' | 'archive'): DynamicModule {
    const publish = PublishModule.register(config);
    return {
      module: PipelineModule,
      imports: [publish],
      providers: [
        {
          provide: KeywordMatcher,
          inject: [LOGGER],
          useFactory: (logger: Logger) => {
            const matcher = loadMatcher(config);
            logger.info(
              { keywordListVersion: matcher.version, keywords: matcher.keywordCount },
              'keyword list loaded',
            );
            return matcher;
          },
        },
        {
          provide: SeenWindow,
          inject: [
            LOGGER,
            { token: KafkaTarget, optional: true },
            { token: KinesisTarget, optional: true },
          ],
          useFactory: (logger: Logger, kafka?: KafkaTarget, kinesis?: KinesisTarget) =>
            rebuildSeenWindow(config, logger, kafka, kinesis),
        },
        {
          provide: EventPipeline,
          inject: [KeywordMatcher, SeenWindow, PublishQueues, DeadLetters, EVENTS_METRICS],
          useFactory: (
            matcher: KeywordMatcher,
            seen: SeenWindow,
            queues: PublishQueues,
            deadLetters: DeadLetters,
            metrics: GithubEventsMetrics,
          ) =>
            new EventPipeline({
              filter: new EventFilter(matcher),
              seen,
              queues: queues.queues,
              deadLetters,
              metrics,
              maxRecordBytes: config.maxRecordBytes,
              source,
            }),
        },
      ],
      exports: [EventPipeline, SeenWindow, publish],
    };
  }
}
