import { describeIssues, GithubEvent } from '@tributary/schemas';
import type { SeenWindow } from './dedupe/seen-window';
import type { EventFilter } from './filter/event-filter';
import type { GithubEventsMetrics } from './metrics';
import type { DeadLetters, ProducerDeadLetter } from './publish/dead-letters';
import { toOutgoingRecord, type OutgoingRecord } from './publish/outgoing-record';
import type { PublishQueue } from './publish/publish-queue';

export interface IncomingEvent {
  value: unknown;
  /** Where it came from, for dead letters: `github-api /events?page=1`, `gharchive <file>:<line>`. */
  location: string;
}

export interface AcceptResult {
  seen: number;
  duplicates: number;
  matched: number;
  deadLettered: number;
}

/**
 * What happens to every event, polled or backfilled: validate (invalid → dead letter), dedupe by
 * id, match keywords, and hand matches to every target's publish queue.
 */
export class EventPipeline {
  constructor(
    private readonly deps: {
      filter: EventFilter;
      seen: SeenWindow;
      queues: PublishQueue[];
      deadLetters: DeadLetters;
      metrics: GithubEventsMetrics;
      maxRecordBytes: number;
      source: 'api' | 'archive';
    },
  ) {}

  /** Accepts events in the order given (oldest first); resolves once every queue has taken them. */
  async accept(events: IncomingEvent[]): Promise<AcceptResult> {
    const { filter, seen, metrics, source } = this.deps;
    const result: AcceptResult = { seen: 0, duplicates: 0, matched: 0, deadLettered: 0 };
    const records: OutgoingRecord[] = [];
    const letters: ProducerDeadLetter[] = [];
    for (const incoming of events) {
      const parsed = GithubEvent.safeParse(incoming.value);
      if (!parsed.success) {
        letters.push({
          reason: 'schema_invalid',
          detail: describeIssues(parsed.error),
          location: incoming.location,
          raw: JSON.stringify(incoming.value) ?? 'undefined',
        });
        continue;
      }
      const event = parsed.data;
      if (!seen.add(event.id)) {
        result.duplicates += 1;
        metrics.duplicates.inc({ source });
        continue;
      }
      result.seen += 1;
      const type = event.type ?? 'unknown';
      metrics.eventsSeen.inc({ type, source });
      const match = filter.match(event);
      if (!match) continue;
      const record = toOutgoingRecord(match);
      const tooLarge = this.tooLarge(record);
      if (tooLarge) {
        letters.push({
          reason: 'too_large',
          detail: tooLarge,
          location: incoming.location,
          raw: record.value.toString('utf8'),
        });
        continue;
      }
      result.matched += 1;
      metrics.eventsMatched.inc({ type, source });
      for (const keyword of match.keywords) metrics.keywordMatches.inc({ keyword });
      records.push(record);
    }
    metrics.dedupeWindow.set(seen.size);
    result.deadLettered = letters.length;
    await this.deps.deadLetters.send(letters);
    if (records.length > 0)
      await Promise.all(this.deps.queues.map((queue) => queue.enqueue(records)));
    return result;
  }

  /**
   * Why the record cannot be published, or undefined: over PUBLISH_MAX_RECORD_BYTES, or over a
   * target's own limit (Kinesis counts the envelope and key too). Such a record goes to the dead-letter
   * topic instead of any target, so the targets never disagree and no queue holds a record forever.
   */
  private tooLarge(record: OutgoingRecord): string | undefined {
    if (record.value.byteLength > this.deps.maxRecordBytes) {
      return `the record is ${record.value.byteLength} bytes, over the ${this.deps.maxRecordBytes}-byte limit (PUBLISH_MAX_RECORD_BYTES)`;
    }
    for (const queue of this.deps.queues) {
      const refusal = queue.publisher.refusal(record);
      if (refusal) return `${queue.publisher.target}: ${refusal}`;
    }
    return undefined;
  }
}
