import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { Logger } from '@tributary/runtime';
import { APP_CONFIG, AppControl, LOGGER } from '@tributary/runtime/app';
import type { SinkConfig } from '../config/env';
import { ParquetEncoder } from '../encode/parquet-encoder';
import { DecodePool } from '../threads/decode-pool';
import { BronzeSinkTask } from './bronze-sink-task';
import { SinkTicker } from './sink-ticker';

const TICK_MS = 1_000;
const RESTART_JOB = 'consumer-restart';
const TICK_JOB = 'sink-tick';

/**
 * The sink in the app's lifecycle: starts consuming once the app is up, runs the 1-second tick and
 * the scheduled graceful consumer restart; at shutdown stops the timers (intake), then lands what is
 * buffered and leaves the group (drain), then disconnects and ends its threads.
 */
@Injectable()
export class SinkLifecycle
  implements
    OnApplicationBootstrap,
    OnModuleDestroy,
    BeforeApplicationShutdown,
    OnApplicationShutdown
{
  /** Resolves once the consumer runs (tests wait for it; the app does not). */
  consuming: Promise<void> = Promise.resolve();

  constructor(
    private readonly task: BronzeSinkTask,
    private readonly ticker: SinkTicker,
    private readonly scheduler: SchedulerRegistry,
    private readonly control: AppControl,
    private readonly encoder: ParquetEncoder,
    private readonly decoders: DecodePool,
    @Inject(APP_CONFIG) private readonly config: SinkConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Returns before the group join completes, which after a crash waits for the dead member's session.
    const { consuming } = await this.task.start();
    this.consuming = consuming;
    consuming.catch((error: unknown) =>
      this.control.fail(
        'could not start consuming; exiting so the orchestrator restarts us',
        error,
      ),
    );
    this.scheduler.addInterval(
      TICK_JOB,
      setInterval(() => void this.ticker.tick(), TICK_MS),
    );
    const restart = CronJob.from({
      cronTime: this.config.restartCron,
      start: true,
      waitForCompletion: true,
      onTick: () =>
        this.task
          .restartConsumer('scheduled (SINK_RESTART_CRON)')
          .catch((error: unknown) => this.logger.error({ err: error }, 'scheduled restart failed')),
    });
    this.scheduler.addCronJob(RESTART_JOB, restart);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', TICK_JOB)) this.scheduler.deleteInterval(TICK_JOB);
    if (this.scheduler.doesExist('cron', RESTART_JOB)) {
      await this.scheduler.getCronJob(RESTART_JOB).stop();
      this.scheduler.deleteCronJob(RESTART_JOB);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.close();
    await this.encoder.close();
    await this.decoders.close();
  }
}
