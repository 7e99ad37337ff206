import type { Admin } from 'kafkajs';
import { TributaryError } from '@tributary/runtime';
import { deadLetterTopic } from '@tributary/schemas';

/** The topics of one job-postings deployment, all named after its output topic. */
export interface JobTopics {
  /** The changes (`jobs.postings`). */
  output: string;
  deadLetters: string;
  /** Compacted, keyed by posting id; one partition per source: the change-tracking state. */
  state: string;
  /** Compacted, keyed by dedupe key: the first-seen posting of each, over all sources. */
  fingerprints: string;
}

export function jobTopics(output: string): JobTopics {
  return {
    output,
    deadLetters: deadLetterTopic(output),
    state: `${output}.state`,
    fingerprints: `${output}.fingerprints`,
  };
}

export interface TopicLayout {
  outputPartitions: number;
  statePartitions: number;
}

const COMPACTED = [
  { name: 'cleanup.policy', value: 'compact' },
  // Compact soon after a segment rolls, so a rebuild reads little more than the live keys.
  { name: 'min.cleanable.dirty.ratio', value: '0.1' },
  { name: 'segment.ms', value: String(6 * 3_600_000) },
];

/**
 * Creates the missing topics (state and fingerprints compacted) and checks that the state topic
 * has a partition for every configured source: a source's partition is its identity, so the
 * partition count must never be lowered (and raising it moves nothing).
 */
export async function ensureJobTopics(
  admin: Admin,
  topics: JobTopics,
  layout: TopicLayout,
  highestStatePartition: number,
): Promise<string[]> {
  if (highestStatePartition >= layout.statePartitions) {
    throw new TributaryError(
      'JOBS_STATE_TOPIC_MISMATCH',
      `a source uses state partition ${highestStatePartition}, but STATE_PARTITIONS is ${layout.statePartitions}`,
    );
  }
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: topics.output, numPartitions: layout.outputPartitions },
    { topic: topics.deadLetters, numPartitions: 1 },
    { topic: topics.state, numPartitions: layout.statePartitions, configEntries: COMPACTED },
    { topic: topics.fingerprints, numPartitions: 1, configEntries: COMPACTED },
  ];
  const missing = wanted.filter(({ topic }) => !existing.has(topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ waitForLeaders: true, topics: missing });
    } catch (error) {
      // Another instance created them at the same moment.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
  }
  const [state] = (await admin.fetchTopicMetadata({ topics: [topics.state] })).topics;
  const partitions = state?.partitions.length ?? 0;
  if (partitions <= highestStatePartition) {
    throw new TributaryError(
      'JOBS_STATE_TOPIC_MISMATCH',
      `${topics.state} has ${partitions} partitions; a source uses partition ${highestStatePartition}`,
    );
  }
  return missing.map(({ topic }) => topic);
}
