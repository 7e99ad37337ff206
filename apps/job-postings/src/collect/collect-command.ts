import { AssignerProtocol } from 'kafkajs';
import { TributaryError, type Logger } from '@tributary/runtime';
import type { JobSource } from '@tributary/schemas';
import type { FingerprintTable } from '../kafka/fingerprint-table';
import type { JobKafka } from '../kafka/job-kafka';
import type { RunReport } from './collection-run';
import type { SourceRunners } from './source-runners';

/**
 * `job-postings collect --source <name> --once`: one run of one source, for schedulers outside the
 * service (a CronJob) or an operator. It refuses when a serving instance owns the source, claims the
 * source's state partition itself (fencing any other claimer), waits until the ledger allows a run,
 * runs once and releases the partition.
 */
export class CollectCommand {
  constructor(
    private readonly jobKafka: JobKafka,
    private readonly runners: SourceRunners,
    private readonly fingerprints: FingerprintTable,
    private readonly groupId: string,
    private readonly stateReadTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async run(source: JobSource, signal: AbortSignal): Promise<RunReport> {
    const runner = this.runners.get(source);
    if (!runner) {
      throw new TributaryError(
        'JOBS_UNKNOWN_SOURCE',
        `"${source}" is not an enabled source (enabled: ${[...this.runners.keys()].join(', ')})`,
      );
    }
    const partition = runner.config.statePartition;
    const owner = await this.ownerOf(partition);
    if (owner) {
      throw new TributaryError(
        'JOBS_SOURCE_OWNED',
        `${source} is owned by the running instance ${owner}; it collects on its own schedule`,
      );
    }
    await this.fingerprints.start(this.stateReadTimeoutMs);
    const owned = await this.jobKafka.claim(partition);
    try {
      runner.takeOver(owned);
      const report = await runner.runWhenDue(owned, signal);
      if (report.outcome === 'failed') {
        throw new TributaryError(
          'PAGE_FETCH_FAILED',
          `${source}: ${report.incomplete.join('; ')}`,
          {
            retriable: true,
          },
        );
      }
      this.logger.info({ source, ...report }, 'one-off collection finished');
      return report;
    } finally {
      await owned.producer.disconnect();
    }
  }

  /** The member of the instances' group assigned `partition` of the state topic, if any. */
  private async ownerOf(partition: number): Promise<string | null> {
    const { groups } = await this.jobKafka.admin.describeGroups([this.groupId]);
    for (const member of groups[0]?.members ?? []) {
      if (member.memberAssignment.length === 0) continue;
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const partitions = decoded?.assignment[this.jobKafka.topics.state] ?? [];
      if (partitions.includes(partition)) return `${member.clientId} (${member.clientHost})`;
    }
    return null;
  }
}
