import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Kafka } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import {
  KAFKA_CLIENT,
  KINESIS_CLIENT,
  kafkaProviders,
  LOGGER,
  Readiness,
} from '@tributary/runtime/app';
import { createKinesisClient } from '@tributary/runtime/aws';
import type { GithubEventsConfig } from '../config/env';
import { EVENTS_METRICS, type GithubEventsMetrics } from '../metrics';
import { DeadLetters } from './dead-letters';
import { KafkaTarget } from './kafka-target';
import { KinesisTarget } from './kinesis-target';
import { PublishQueues } from './publish-queues';

const optional = (token: unknown) => ({ token: token as symbol, optional: true });

/** The publishing targets the config names (Kafka, Kinesis), their queues and the dead letters. */
@Module({})
export class PublishModule {
  static register(config: GithubEventsConfig): DynamicModule {
    const providers: Provider[] = [];
    const exported: unknown[] = [DeadLetters, PublishQueues];
    if (config.targets.includes('kafka') && config.kafka) {
      const kafkaOptions = config.kafka;
      providers.push(...kafkaProviders(() => kafkaOptions), {
        provide: KafkaTarget,
        inject: [KAFKA_CLIENT, LOGGER],
        useFactory: (kafka: Kafka, logger: Logger) =>
          KafkaTarget.connect(kafka, config.topic, logger),
      });
      exported.push(KafkaTarget);
    }
    if (config.targets.includes('kinesis') && config.kinesisStream) {
      const stream = config.kinesisStream;
      providers.push(
        { provide: KINESIS_CLIENT, useFactory: () => createKinesisClient(config.kinesis) },
        {
          provide: KinesisTarget,
          inject: [KINESIS_CLIENT, EVENTS_METRICS, Readiness],
          useFactory: async (
            client: KinesisClient,
            metrics: GithubEventsMetrics,
            readiness: Readiness,
          ) => {
            const target = await KinesisTarget.connect(client, stream, metrics);
            readiness.add('kinesis', () => target.describe());
            return target;
          },
        },
      );
      exported.push(KinesisTarget);
    }
    providers.push(
      {
        provide: DeadLetters,
        inject: [LOGGER, EVENTS_METRICS, optional(KafkaTarget)],
        useFactory: (logger: Logger, metrics: GithubEventsMetrics, kafka?: KafkaTarget) =>
          new DeadLetters(config.topic, kafka?.deadLetterProducer, logger, (reason) =>
            metrics.deadLetters.inc({ reason }),
          ),
      },
      {
        provide: PublishQueues,
        inject: [
          DeadLetters,
          EVENTS_METRICS,
          LOGGER,
          optional(KafkaTarget),
          optional(KinesisTarget),
        ],
        useFactory: (
          deadLetters: DeadLetters,
          metrics: GithubEventsMetrics,
          logger: Logger,
          kafka?: KafkaTarget,
          kinesis?: KinesisTarget,
        ) =>
          new PublishQueues(
            { ...(kafka ? { kafka } : {}), ...(kinesis ? { kinesis } : {}) },
            deadLetters,
            metrics,
            logger,
            config.publishBufferRecords,
          ),
      },
    );
    return { module: PublishModule, providers, exports: exported as DynamicModule['exports'] };
  }
}
