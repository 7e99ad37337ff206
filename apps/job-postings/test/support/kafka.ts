import { readTopic } from '@tributary/local-stack/testing';
import type { JobPostingV2 } from '@tributary/schemas';

/** Every committed change on `topic` now (the collector publishes in transactions). */
export async function readChanges(topic: string): Promise<JobPostingV2[]> {
  return (await readTopic(topic)).map((message) => JSON.parse(message.value) as JobPostingV2);
}

/** `posting_id#revision` of every change, with how often each occurs. */
export function changeCounts(changes: readonly JobPostingV2[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const change of changes) {
    const key = `${change.posting_id}#${change.revision}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function duplicatesOf(changes: readonly JobPostingV2[]): string[] {
  return [...changeCounts(changes)].filter(([, count]) => count > 1).map(([key]) => key);
}
