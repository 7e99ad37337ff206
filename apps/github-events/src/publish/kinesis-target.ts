import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { TributaryError } from '@tributary/runtime';
import { readRecentKinesisSourceIds } from '../dedupe/recent-kinesis-source-ids';
import type { GithubEventsMetrics } from '../metrics';
import { KinesisPublisher } from './kinesis-publisher';

/** The Kinesis side of github-events: the stream (checked at start) and its publisher. */
export class KinesisTarget {
  readonly publisher: KinesisPublisher;

  private constructor(
    private readonly client: KinesisClient,
    private readonly stream: string,
    metrics: GithubEventsMetrics,
  ) {
    this.publisher = new KinesisPublisher(client, stream, {
      onEntriesFailed: (_count, codes) => {
        for (const code of codes) metrics.kinesisFailedEntries.inc({ code });
      },
    });
  }

  static async connect(
    client: KinesisClient,
    stream: string,
    metrics: GithubEventsMetrics,
  ): Promise<KinesisTarget> {
    const target = new KinesisTarget(client, stream, metrics);
    try {
      await target.describe();
    } catch (error) {
      throw new TributaryError(
        'KINESIS_STREAM_UNAVAILABLE',
        `KINESIS_STREAM "${stream}" cannot be described: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return target;
  }

  /** Readiness: the stream can be described now. */
  async describe(): Promise<boolean> {
    await this.client.send(new DescribeStreamSummaryCommand({ StreamName: this.stream }), {
      abortSignal: AbortSignal.timeout(1_500),
    });
    return true;
  }

  /** The source ids published to the stream within `lookbackMs`, newest last, at most `limit`. */
  recentSourceIds(lookbackMs: number, limit: number): Promise<string[]> {
    return readRecentKinesisSourceIds(this.client, this.stream, lookbackMs, limit);
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
