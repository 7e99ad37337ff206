import type {
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { describeError, type Logger } from '@tributary/runtime';
import type { AppControl } from '@tributary/runtime/app';
import type { JobSource } from '@tributary/schemas';
import type { OwnedPartition } from '../collect/owned-partition';
import type { SourceRunners } from '../collect/source-runners';
import type { FingerprintTable } from '../kafka/fingerprint-table';
import type { JobKafka } from '../kafka/job-kafka';
import { OwnershipGroup } from '../kafka/ownership-group';
import type { JobPostingsMetrics } from '../metrics';

export interface CollectorOptions {
  groupId: string;
  sessionTimeoutMs: number;
  stateReadTimeoutMs: number;
}

/**
 * `job-postings` (serve): joins the group of instances, claims and loads the state partitions Kafka
 * assigns it, and runs each owned source on its cron schedule (never before its ledger allows).
 * Shutdown: stop the schedules and ask runs to end after their page (intake), wait for them
 * (drain), leave the group and close the producers (disconnect).
 */
export class CollectorService
  implements
    OnApplicationBootstrap,
    OnModuleDestroy,
    BeforeApplicationShutdown,
    OnApplicationShutdown
{
  private readonly owned = new Map<number, OwnedPartition>();
  private readonly sourcesOf = new Map<number, JobSource[]>();
  private ownership: OwnershipGroup | undefined;
  /** Assignments are handled one after another, in order. */
  private assignments: Promise<void> = Promise.resolve();
  private generation = 0;
  private stopping = false;

  constructor(
    private readonly jobKafka: JobKafka,
    private readonly runners: SourceRunners,
    private readonly fingerprints: FingerprintTable,
    private readonly scheduler: SchedulerRegistry,
    private readonly control: AppControl,
    private readonly metrics: JobPostingsMetrics,
    private readonly logger: Logger,
    private readonly options: CollectorOptions,
  ) {
    for (const [source, runner] of runners) {
      const list = this.sourcesOf.get(runner.config.statePartition) ?? [];
      list.push(source);
      this.sourcesOf.set(runner.config.statePartition, list);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.fingerprints.start(this.options.stateReadTimeoutMs);
    this.ownership = new OwnershipGroup(
      this.jobKafka.kafka,
      this.jobKafka.topics.state,
      this.options.groupId,
      this.options.sessionTimeoutMs,
      (partitions) => this.assigned(partitions),
      (error) => this.control.fail('left the group of job-postings instances for good', error),
      this.logger,
    );
    await this.ownership.start();
    for (const [source, runner] of this.runners) {
      const job = CronJob.from({
        cronTime: runner.config.schedule,
        start: true,
        onTick: () => this.tick(source),
      });
      this.scheduler.addCronJob(`collect-${source}`, job);
    }
    this.logger.info({ sources: [...this.runners.keys()] }, 'job-postings collecting');
  }

  /** A new assignment: release what moved away, (re)claim what is ours, start what is due. */
  private assigned(partitions: number[]): void {
    const generation = ++this.generation;
    this.assignments = this.assignments
      .then(() => this.apply(generation, partitions))
      .catch((error: unknown) =>
        this.control.fail('could not take over the assigned sources', error),
      );
  }

  private async apply(generation: number, partitions: number[]): Promise<void> {
    const relevant = partitions.filter((partition) => this.sourcesOf.has(partition));
    // Every assignment is a fresh start: stop the runs, drop the state, claim again (another
    // instance may have written to a partition we get back).
    await this.releaseAll();
    for (const partition of relevant) {
      if (generation !== this.generation || this.stopping) return;
      const started = performance.now();
      const owned = await this.jobKafka.claim(partition);
      if (generation !== this.generation || this.stopping) {
        await owned.producer.disconnect();
        return;
      }
      this.owned.set(partition, owned);
      this.metrics.stateLoadSeconds.observe((performance.now() - started) / 1000);
      for (const source of this.sourcesOf.get(partition) ?? []) {
        this.runners.get(source)?.takeOver(owned);
        this.metrics.owned.set({ source }, 1);
      }
      this.logger.info(
        { partition, sources: this.sourcesOf.get(partition), postings: owned.state.size },
        'state partition claimed and loaded',
      );
      for (const source of this.sourcesOf.get(partition) ?? []) this.tick(source);
    }
  }

  private async releaseAll(): Promise<void> {
    for (const runner of this.runners.values()) runner.stop();
    await Promise.all([...this.runners.values()].map((runner) => runner.idle()));
    for (const [partition, owned] of this.owned) {
      this.owned.delete(partition);
      for (const source of this.sourcesOf.get(partition) ?? [])
        this.metrics.owned.set({ source }, 0);
      await owned.producer.disconnect().catch(() => undefined);
    }
  }

  /** A source's schedule fired (or its partition was just claimed): run it if owned and due. */
  private tick(source: JobSource): void {
    if (this.stopping) return;
    const runner = this.runners.get(source);
    const owned = runner ? this.owned.get(runner.config.statePartition) : undefined;
    if (!runner || !owned) return;
    runner.startIfDue(owned, (error) => {
      if ((error as { code?: string }).code === 'JOBS_STATE_FENCED') {
        // Another owner took the partition over: drop it until the group says otherwise.
        this.logger.warn(
          { source, error: describeError(error) },
          'fenced: the source moved to another instance',
        );
        this.drop(runner.config.statePartition);
      }
    });
  }

  private drop(partition: number): void {
    const owned = this.owned.get(partition);
    if (!owned) return;
    this.owned.delete(partition);
    for (const source of this.sourcesOf.get(partition) ?? []) this.metrics.owned.set({ source }, 0);
    void owned.producer.disconnect().catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.stopping = true;
    for (const source of this.runners.keys()) {
      const name = `collect-${source}`;
      if (this.scheduler.doesExist('cron', name)) {
        void this.scheduler.getCronJob(name).stop();
        this.scheduler.deleteCronJob(name);
      }
    }
    for (const runner of this.runners.values()) runner.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.idle()));
    await this.assignments;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ownership?.stop();
    for (const owned of this.owned.values())
      await owned.producer.disconnect().catch(() => undefined);
    this.owned.clear();
  }
}
