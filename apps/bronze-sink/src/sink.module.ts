import type { S3Client } from '@aws-sdk/client-s3';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { Logger } from '@tributary/runtime';
import {
  KAFKA_CLIENT,
  kafkaProviders,
  LOGGER,
  METRICS_REGISTRY,
  S3_CLIENT,
  s3Providers,
} from '@tributary/runtime/app';
import { IDEMPOTENT_PRODUCER } from '@tributary/runtime/kafka';
import type { SinkConfig } from './config/env';
import { BatchIntake } from './consumption/batch-intake';
import { ConsumerHandle } from './consumption/consumer-handle';
import { GroupOffsets } from './consumption/group-offsets';
import { MemoryBudget } from './consumption/memory-budget';
import { PartitionRegistry } from './consumption/partition-registry';
import { TopicDiscovery } from './consumption/topic-discovery';
import { TopicOffsets } from './consumption/topic-offsets';
import { ParquetEncoder } from './encode/parquet-encoder';
import { CheckpointStore } from './exactly-once/checkpoint-store';
import { DeadLetterLog, UncommittedEnds } from './exactly-once/dead-letter-log';
import { HourCompletion } from './exactly-once/hour-completion';
import { SinkMetrics } from './sink-metrics';
import { BronzeSinkTask } from './task/bronze-sink-task';
import { SinkLifecycle } from './task/sink.lifecycle';
import { SinkTicker } from './task/sink-ticker';
import { DecodePool } from './threads/decode-pool';
import { FileAnnouncer } from './writing/file-announcer';
import { FileUploader } from './writing/file-uploader';
import { FileWriter } from './writing/file-writer';
import { SinkPublisher } from './writing/sink-publisher';

/** The sink's own Kafka connections: one producer (dead letters, file events), one admin client. */
export const SINK_PRODUCER = Symbol('SINK_PRODUCER');
export const SINK_ADMIN = Symbol('SINK_ADMIN');
/** The clock; tests may replace it. */
export const CLOCK = Symbol('CLOCK');

/** A provider built by `build` from the providers named in `inject`. */
function factory<T>(provide: unknown, inject: unknown[], build: (...args: never[]) => T): Provider {
  return { provide: provide as symbol, inject: inject as symbol[], useFactory: build };
}

/**
 * The bronze sink's composition root: every collaborator is a plain class built here from the
 * config and the clients, so each can be tested alone with fakes (see the *.spec.ts files).
 */
@Module({})
export class SinkModule {
  static register(config: SinkConfig): DynamicModule {
    return {
      module: SinkModule,
      imports: [ScheduleModule.forRoot()],
      providers: [
        ...kafkaProviders(() => config.kafka),
        ...s3Providers(() => ({ ...config.s3 })),
        { provide: CLOCK, useValue: Date.now },
        factory(SinkMetrics, [METRICS_REGISTRY], (registry: Registry) => new SinkMetrics(registry)),
        factory(SINK_PRODUCER, [KAFKA_CLIENT], (kafka: Kafka) =>
          kafka.producer(IDEMPOTENT_PRODUCER),
        ),
        factory(SINK_ADMIN, [KAFKA_CLIENT], (kafka: Kafka) => kafka.admin()),
        factory(
          CheckpointStore,
          [S3_CLIENT],
          (s3: S3Client) => new CheckpointStore(s3, config.s3.bucket, config.checkpointPrefix),
        ),
        factory(
          FileUploader,
          [S3_CLIENT],
          (s3: S3Client) => new FileUploader(s3, config.s3.bucket, config.multipartThresholdBytes),
        ),
        factory(
          ParquetEncoder,
          [],
          () => new ParquetEncoder(config.compression, config.bufferCompression, config.decoder),
        ),
        factory(
          DecodePool,
          [LOGGER],
          (logger: Logger) => new DecodePool(config.decodeThreads, config, logger),
        ),
        factory(
          SinkPublisher,
          [SINK_PRODUCER],
          (producer: Producer) => new SinkPublisher(producer),
        ),
        factory(
          HourCompletion,
          [S3_CLIENT, CheckpointStore, SINK_ADMIN, SinkPublisher, SinkMetrics, LOGGER, CLOCK],
          (
            s3: S3Client,
            checkpoints: CheckpointStore,
            admin: Admin,
            publisher: SinkPublisher,
            metrics: SinkMetrics,
            logger: Logger,
            now: () => number,
          ) =>
            new HourCompletion(
              s3,
              config.s3.bucket,
              checkpoints,
              admin,
              publisher,
              metrics,
              logger,
              config.hourGraceMs,
              now,
            ),
        ),
        factory(
          DeadLetterLog,
          [KAFKA_CLIENT, SINK_ADMIN, LOGGER],
          (kafka: Kafka, admin: Admin, logger: Logger) =>
            new DeadLetterLog({
              kafka,
              admin,
              ends: new UncommittedEnds(kafka),
              groupId: config.groupId,
              logger,
            }),
        ),
        factory(
          GroupOffsets,
          [ConsumerHandle, SinkMetrics, LOGGER],
          (consumer: ConsumerHandle, metrics: SinkMetrics, logger: Logger) =>
            new GroupOffsets(consumer, metrics, logger),
        ),
        factory(TopicOffsets, [SINK_ADMIN], (admin: Admin) => new TopicOffsets(admin, config)),
        factory(
          TopicDiscovery,
          [SINK_ADMIN, LOGGER],
          (admin: Admin, logger: Logger) => new TopicDiscovery(admin, config.topics, logger),
        ),
        ConsumerHandle,
        factory(
          PartitionRegistry,
          [CheckpointStore, TopicOffsets, DeadLetterLog, LOGGER, CLOCK],
          (
            checkpoints: CheckpointStore,
            offsets: TopicOffsets,
            deadLetters: DeadLetterLog,
            logger: Logger,
            now: () => number,
          ) => new PartitionRegistry({ checkpoints, offsets, deadLetters, config, logger, now }),
        ),
        factory(
          FileAnnouncer,
          [SinkPublisher, LOGGER],
          (publisher: SinkPublisher, logger: Logger) =>
            new FileAnnouncer(publisher, config.s3.bucket, logger),
        ),
        factory(
          FileWriter,
          [
            PartitionRegistry,
            ParquetEncoder,
            FileUploader,
            ConsumerHandle,
            GroupOffsets,
            FileAnnouncer,
            HourCompletion,
            SinkMetrics,
            LOGGER,
            CLOCK,
          ],
          (
            registry: PartitionRegistry,
            encoder: ParquetEncoder,
            uploader: FileUploader,
            consumer: ConsumerHandle,
            groupOffsets: GroupOffsets,
            announcer: FileAnnouncer,
            hours: HourCompletion,
            metrics: SinkMetrics,
            logger: Logger,
            now: () => number,
          ) =>
            new FileWriter({
              registry,
              encoder,
              uploader,
              consumer,
              groupOffsets,
              announcer,
              hours,
              metrics,
              logger,
              rotation: config.rotation,
              now,
            }),
        ),
        factory(
          MemoryBudget,
          [PartitionRegistry, FileWriter],
          (registry: PartitionRegistry, writer: FileWriter) =>
            new MemoryBudget(config.bufferBytes, registry, writer),
        ),
        factory(
          BatchIntake,
          [
            PartitionRegistry,
            DecodePool,
            FileWriter,
            MemoryBudget,
            ConsumerHandle,
            TopicOffsets,
            SinkMetrics,
            LOGGER,
            CLOCK,
          ],
          (
            registry: PartitionRegistry,
            decoders: DecodePool,
            writer: FileWriter,
            budget: MemoryBudget,
            consumer: ConsumerHandle,
            offsets: TopicOffsets,
            metrics: SinkMetrics,
            logger: Logger,
            now: () => number,
          ) =>
            new BatchIntake({
              registry,
              decoders,
              writer,
              budget,
              consumer,
              offsets,
              metrics,
              logger,
              now,
            }),
        ),
        factory(
          BronzeSinkTask,
          [
            KAFKA_CLIENT,
            SINK_PRODUCER,
            SINK_ADMIN,
            TopicDiscovery,
            PartitionRegistry,
            BatchIntake,
            FileWriter,
            ConsumerHandle,
            GroupOffsets,
            HourCompletion,
            SinkMetrics,
            LOGGER,
            CLOCK,
          ],
          (
            kafka: Kafka,
            producer: Producer,
            admin: Admin,
            discovery: TopicDiscovery,
            registry: PartitionRegistry,
            intake: BatchIntake,
            writer: FileWriter,
            consumer: ConsumerHandle,
            groupOffsets: GroupOffsets,
            hours: HourCompletion,
            metrics: SinkMetrics,
            logger: Logger,
            now: () => number,
          ) =>
            new BronzeSinkTask({
              config,
              kafka,
              producer,
              admin,
              discovery,
              registry,
              intake,
              writer,
              consumer,
              groupOffsets,
              hours,
              metrics,
              logger,
              now,
            }),
        ),
        factory(
          SinkTicker,
          [
            PartitionRegistry,
            TopicOffsets,
            GroupOffsets,
            FileWriter,
            MemoryBudget,
            HourCompletion,
            BronzeSinkTask,
            ParquetEncoder,
            DecodePool,
            SinkMetrics,
            LOGGER,
            CLOCK,
          ],
          (
            registry: PartitionRegistry,
            offsets: TopicOffsets,
            groupOffsets: GroupOffsets,
            writer: FileWriter,
            budget: MemoryBudget,
            hours: HourCompletion,
            task: BronzeSinkTask,
            encoder: ParquetEncoder,
            decoders: DecodePool,
            metrics: SinkMetrics,
            logger: Logger,
            now: () => number,
          ) =>
            new SinkTicker({
              config,
              registry,
              offsets,
              groupOffsets,
              writer,
              budget,
              hours,
              task,
              encoder,
              decoders,
              metrics,
              logger,
              now,
            }),
        ),
        SinkLifecycle,
      ],
      exports: [SinkLifecycle, BronzeSinkTask, FileWriter, SinkMetrics],
    };
  }
}
