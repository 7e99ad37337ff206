import type { KeywordMatch } from '@tributary/schemas';
import { envelopeHeaders, GITHUB_EVENTS_MATCHED, newTraceparent } from '@tributary/schemas';

/** One message ready for any target: Kafka key / Kinesis partition key, JSON value, envelope. */
export interface OutgoingRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** The GitHub event id, for dedupe and logs. */
  sourceId: string;
  /** When the record entered the publish queue (ms since epoch), for the publish latency metric. */
  enqueuedAt?: number;
}

export const PRODUCER_NAME = 'github-events';

export function toOutgoingRecord(match: KeywordMatch, now = new Date()): OutgoingRecord {
  return {
    key: GITHUB_EVENTS_MATCHED.key(match),
    value: Buffer.from(JSON.stringify(match)),
    headers: envelopeHeaders({
      schema: GITHUB_EVENTS_MATCHED.schemaName,
      schemaVersion: GITHUB_EVENTS_MATCHED.schemaVersion,
      producer: PRODUCER_NAME,
      ingestedAt: now.toISOString(),
      sourceId: match.event.id,
      traceparent: newTraceparent(),
    }),
    sourceId: match.event.id,
  };
}
