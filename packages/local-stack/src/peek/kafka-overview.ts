import type { Admin } from 'kafkajs';

export interface GroupLag {
  groupId: string;
  /** Records after the group's committed offsets (partitions without a commit count whole). */
  lag: bigint;
  /** Partitions of the topic the group has committed an offset for. */
  committedPartitions: number;
}

export interface TopicOverview {
  topic: string;
  partitions: number;
  /** Records held now: high watermark minus log start, summed over partitions. */
  records: bigint;
  /** Every record ever written (sum of high watermarks). */
  written: bigint;
  groups: GroupLag[];
}

/** Kafka's own topics (`__consumer_offsets`, …), never shown. */
const isInternal = (topic: string) => topic.startsWith('__');

/**
 * Topics with their record counts and, per consumer group that committed offsets on them, the lag.
 * `only` limits it to those topics.
 */
export async function kafkaOverview(
  admin: Admin,
  only?: readonly string[],
): Promise<TopicOverview[]> {
  const topics = (await admin.listTopics())
    .filter((topic) => !isInternal(topic) && (!only || only.includes(topic)))
    .sort();
  const offsets = new Map(
    await Promise.all(
      topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const),
    ),
  );
  const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
  const committed = await Promise.all(
    groups.map(async (groupId) => ({
      groupId,
      topics: await admin.fetchOffsets({ groupId }).catch(() => []),
    })),
  );
  return topics.map((topic) => {
    const partitions = offsets.get(topic) ?? [];
    const high = new Map(partitions.map((entry) => [entry.partition, BigInt(entry.high)]));
    const low = new Map(partitions.map((entry) => [entry.partition, BigInt(entry.low)]));
    const groupLags = committed.flatMap(({ groupId, topics: groupTopics }) => {
      const entry = groupTopics.find((candidate) => candidate.topic === topic);
      const commits = (entry?.partitions ?? []).filter(
        (partition) => Number(partition.offset) >= 0,
      );
      if (commits.length === 0) return [];
      let lag = 0n;
      for (const [partition, highWatermark] of high) {
        const commit = commits.find((candidate) => candidate.partition === partition);
        const from = commit ? BigInt(commit.offset) : (low.get(partition) ?? 0n);
        if (highWatermark > from) lag += highWatermark - from;
      }
      return [{ groupId, lag, committedPartitions: commits.length }];
    });
    return {
      topic,
      partitions: partitions.length,
      records: partitions.reduce((sum, entry) => sum + BigInt(entry.high) - BigInt(entry.low), 0n),
      written: partitions.reduce((sum, entry) => sum + BigInt(entry.high), 0n),
      groups: groupLags.sort((a, b) => a.groupId.localeCompare(b.groupId)),
    };
  });
}
