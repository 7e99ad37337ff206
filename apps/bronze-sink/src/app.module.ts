import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { Registry } from 'prom-client';
import type { Logger } from '@tributary/runtime';
import { createS3Client } from '@tributary/runtime/aws';
import { createKafkaClient } from '@tributary/runtime/kafka';
import type { SinkConfig } from './config/env';
import { BronzeSink } from './sink/bronze-sink';
import { SinkMetrics } from './sink/sink-metrics';

export const SINK_CONFIG = Symbol('SINK_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Starts the sink once the app is up, schedules the graceful consumer restart, stops on close. */
@Injectable()
export class SinkLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sink: BronzeSink,
    private readonly scheduler: SchedulerRegistry,
    @Inject(SINK_CONFIG) private readonly config: SinkConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sink.start({ waitForGroup: false });
    const job = CronJob.from({
      cronTime: this.config.restartCron,
      start: true,
      waitForCompletion: true,
      onTick: () =>
        this.sink
          .restartConsumer()
          .catch((error: unknown) => this.logger.error({ err: error }, 'scheduled restart failed')),
    });
    this.scheduler.addCronJob('consumer-restart', job);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('cron', 'consumer-restart')) {
      await this.scheduler.getCronJob('consumer-restart').stop();
      this.scheduler.deleteCronJob('consumer-restart');
    }
    await this.sink.stop();
  }
}

@Module({})
export class AppModule {
  static register(config: SinkConfig, logger: Logger, registry: Registry) {
    return {
      module: AppModule,
      imports: [ScheduleModule.forRoot()],
      providers: [
        { provide: SINK_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: SinkMetrics, useFactory: () => new SinkMetrics(registry) },
        {
          provide: BronzeSink,
          inject: [SinkMetrics],
          useFactory: (metrics: SinkMetrics) =>
            new BronzeSink({
              config,
              logger,
              metrics,
              kafka: createKafkaClient(config.kafka, logger),
              s3: createS3Client({ ...config.s3 }),
            }),
        },
        SinkLifecycle,
      ],
      exports: [BronzeSink],
    };
  }
}
