import type { TopicSpec } from '@tributary/schemas';
import {
  describeIssues,
  ENVELOPE_HEADERS,
  envelopeHeaders,
  newTraceparent,
} from '@tributary/schemas';
import type { AcceptedItems, ItemSink, PageContext, PreparedItems } from './item-sink';
import type { SeenKeys } from './seen-keys';

/** One message for the output topic: key, JSON value, envelope headers. */
export interface OutgoingItem {
  key: string;
  /** A string, not a Buffer: kafkajs writes it straight into its request (no buffer per item). */
  value: string;
  headers: Record<string, string>;
}

/** A value the dead-letter topic receives, with why. */
export interface ItemDeadLetter {
  reason: 'schema_invalid';
  detail: string;
  /** The page the item came from. */
  location: string;
  raw: string;
}

export interface ItemTransport {
  /** Resolves once every item is acknowledged. */
  publish(items: OutgoingItem[]): Promise<void>;
  deadLetter(letters: ItemDeadLetter[]): Promise<void>;
}

export const PRODUCER_NAME = 'scraper';

/** A page's messages, its dead letters, and how many items were already published. */
interface Prepared extends PreparedItems {
  spider: string;
  outgoing: OutgoingItem[];
  letters: ItemDeadLetter[];
  duplicates: number;
}

/**
 * Wraps each item as the topic's record (`{spider, url, fetched_at, item}`), validates it with the
 * topic's schema, dead-letters the invalid ones with the reason and the page URL, and publishes the
 * rest keyed by the topic's key, skipping keys already published (exactly once by key).
 */
export class ValidatingItemSink implements ItemSink {
  constructor(
    private readonly topic: TopicSpec,
    private readonly transport: ItemTransport,
    private readonly seen: SeenKeys,
    private readonly onItems: (
      spider: string,
      outcome: 'published' | 'duplicate' | 'invalid',
      count: number,
    ) => void,
  ) {}

  prepare(page: PageContext, items: readonly unknown[]): Prepared {
    const fetchedAt = page.fetchedAt.toISOString();
    const outgoing: OutgoingItem[] = [];
    const letters: ItemDeadLetter[] = [];
    const keys = new Set<string>();
    // One trace per page: its items were fetched and parsed together.
    const base = envelopeHeaders({
      schema: this.topic.schemaName,
      schemaVersion: this.topic.schemaVersion,
      producer: PRODUCER_NAME,
      ingestedAt: fetchedAt,
      sourceId: '-',
      traceparent: newTraceparent(),
    });
    let duplicates = 0;
    for (const item of items) {
      const record = { spider: page.spider, url: page.url, fetched_at: fetchedAt, item };
      const parsed = this.topic.schema.safeParse(record);
      if (!parsed.success) {
        letters.push({
          reason: 'schema_invalid',
          detail: describeIssues(parsed.error),
          location: page.url,
          raw: JSON.stringify(record),
        });
        continue;
      }
      const key = this.topic.key(parsed.data);
      if (this.seen.has(key) || keys.has(key)) {
        duplicates += 1;
        continue;
      }
      keys.add(key);
      outgoing.push({
        key,
        value: JSON.stringify(parsed.data),
        headers: { ...base, [ENVELOPE_HEADERS.sourceId]: key },
      });
    }
    return { spider: page.spider, count: items.length, outgoing, letters, duplicates };
  }

  async publish(prepared: PreparedItems): Promise<AcceptedItems> {
    const { spider, outgoing, letters, duplicates } = prepared as Prepared;
    await this.transport.deadLetter(letters);
    await this.transport.publish(outgoing);
    // Flat copies: a key built by concatenation keeps its parts alive (hundreds of thousands of them).
    for (const item of outgoing) this.seen.add(flat(item.key));
    this.onItems(spider, 'published', outgoing.length);
    this.onItems(spider, 'duplicate', duplicates);
    this.onItems(spider, 'invalid', letters.length);
    return { published: outgoing.length, duplicates, invalid: letters.length };
  }
}

/** The string as one flat sequence of characters (V8 keeps a concatenation as a tree of its parts). */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
