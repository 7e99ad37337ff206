import type { Admin } from 'kafkajs';
import type { SinkConfig } from '../config/env';

/** What Kafka says about a partition's offsets: its watermarks, and where a new claim starts. */
export class TopicOffsets {
  constructor(
    private readonly admin: Admin,
    private readonly config: Pick<SinkConfig, 'groupId' | 'startPosition'>,
  ) {}

  async watermarks(topic: string, partition: number): Promise<{ low: bigint; high: bigint }> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const entry = offsets.find((candidate) => candidate.partition === partition);
    if (!entry) throw new Error(`no offsets for ${topic}[${partition}]`);
    return { low: BigInt(entry.low), high: BigInt(entry.high) };
  }

  /** Each partition's end (high watermark) now. */
  async highWatermarks(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  }

  /** Where a partition with no checkpoint starts, per SINK_START_POSITION. */
  async initialOffset(topic: string, partition: number): Promise<string> {
    const { low, high } = await this.watermarks(topic, partition);
    if (this.config.startPosition === 'latest') return high.toString();
    if (this.config.startPosition === 'committed') {
      const [committed] = await this.admin.fetchOffsets({
        groupId: this.config.groupId,
        topics: [topic],
      });
      const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset;
      if (offset !== undefined && Number(offset) >= 0 && BigInt(offset) >= low) return offset;
    }
    return low.toString();
  }
}
