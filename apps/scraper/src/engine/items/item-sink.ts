/** Where a page's items are published. */
export interface PageContext {
  spider: string;
  url: string;
  fetchedAt: Date;
}

export interface AcceptedItems {
  published: number;
  /** Already published (by this run or one before it): not sent again. */
  duplicates: number;
  /** Failed validation: dead-lettered with the reason and the page URL. */
  invalid: number;
}

/** A page's items made ready to publish: validated, keyed, serialized. Opaque to the engine. */
export interface PreparedItems {
  readonly count: number;
}

/**
 * Validates a page's items against the spider's topic schema and publishes the valid ones exactly
 * once by key. Two steps, so the page (its body, document and item objects) can be let go of while
 * Kafka acknowledges: `prepare` keeps only the serialized messages, `publish` resolves when they are
 * acknowledged (a page is only marked done after that).
 */
export interface ItemSink {
  prepare(page: PageContext, items: readonly unknown[]): PreparedItems;
  publish(prepared: PreparedItems): Promise<AcceptedItems>;
}

/** A page given up: after its last attempt, for a status retrying cannot change, or unparsable. */
export interface PageDeadLetter {
  url: string;
  spider: string;
  crawlId: string;
  /** Short code, also the metric label: fetch_failed, http_status, parse_failed, robots_unreachable … */
  reason: string;
  detail: string;
  attempts: number;
  status: number | null;
}

export interface PageDeadLetters {
  send(letter: PageDeadLetter): Promise<void>;
}
