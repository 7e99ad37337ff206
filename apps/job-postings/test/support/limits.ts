import { DEFAULT_LIMITS, type SourceName } from '@tributary/jobs-replay';

export interface LoggedRequest {
  source: string;
  status: number;
  timestampMs: number;
}

/**
 * The replay's limits checked against its own request log: no request refused with 429, and in no
 * window of any source were more requests than its limit allows.
 */
export function limitViolations(requests: readonly LoggedRequest[]): string[] {
  const violations: string[] = [];
  for (const request of requests) {
    if (request.status === 429) violations.push(`${request.source}: 429 at ${request.timestampMs}`);
  }
  const bySource = new Map<string, number[]>();
  for (const request of requests) {
    const times = bySource.get(request.source) ?? [];
    times.push(request.timestampMs);
    bySource.set(request.source, times);
  }
  for (const [source, times] of bySource) {
    const limit = DEFAULT_LIMITS[source as SourceName];
    if (!limit) continue;
    times.sort((a, b) => a - b);
    for (let index = 0; index < times.length; index++) {
      const windowEnd = (times[index] ?? 0) + limit.windowS * 1000;
      let count = 0;
      for (let other = index; other < times.length && (times[other] ?? 0) < windowEnd; other++)
        count += 1;
      if (count > limit.count) {
        violations.push(
          `${source}: ${count} requests within ${limit.windowS} s (limit ${limit.count})`,
        );
        break;
      }
    }
  }
  return violations;
}
