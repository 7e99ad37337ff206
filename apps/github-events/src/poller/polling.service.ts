import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@tributary/runtime';
import type { AppControl } from '@tributary/runtime/app';
import type { EventsPoller } from './events-poller';

/** Runs the poll loop from start-up until shutdown begins (the first thing a shutdown stops). */
export class PollingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly poller: EventsPoller,
    private readonly control: AppControl,
    private readonly logger: Logger,
    private readonly describe: Record<string, unknown>,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.info(this.describe, 'github-events polling');
    this.loop = this.poller
      .run(this.stop.signal)
      .catch((error: unknown) => this.control.fail('the poll loop failed', error));
  }

  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }
}
