import type { Admin } from 'kafkajs';
import { retry, TributaryError, type Logger } from '@tributary/runtime';
import { ensureTopics } from '@tributary/runtime/kafka';
import { BRONZE_FILES_TOPIC, deadLetterTopic } from '@tributary/schemas';

/**
 * Source topics belong to their producers: the sink waits until at least one exists instead of
 * failing, consumes those that do, and notices the others once they appear. Its own outputs,
 * `<topic>.dlq` and `bronze.files`, it creates.
 */
export class TopicDiscovery {
  constructor(
    private readonly admin: Admin,
    private readonly topics: readonly string[],
    private readonly logger: Logger,
  ) {}

  /** Waits (logging) until a source topic exists; creates the outputs; returns the sources that exist. */
  ready(): Promise<string[]> {
    return retry(
      async () => {
        const existing = new Set(await this.admin.listTopics());
        const missing = this.topics.filter((topic) => !existing.has(topic));
        if (missing.length === this.topics.length) {
          throw new TributaryError(
            'TOPICS_MISSING',
            `waiting for a source topic to exist: ${missing.join(', ')}`,
            { retriable: true },
          );
        }
        if (missing.length > 0) {
          this.logger.warn(
            { missing },
            'source topics do not exist yet; consuming the others, and these once they appear',
          );
        }
        await ensureTopics(
          this.admin,
          [...this.topics.map(deadLetterTopic), BRONZE_FILES_TOPIC].map((topic) => ({ topic })),
        );
        return this.topics.filter((topic) => existing.has(topic));
      },
      {
        retries: Infinity,
        initialMs: 500,
        maxMs: 15_000,
        factor: 2,
        onRetry: (error, attempt) => {
          if (attempt === 1 || attempt % 10 === 0)
            this.logger.warn({ err: error, attempt }, 'topics not ready yet');
        },
      },
    );
  }

  /** Configured source topics that exist now but are not in `subscribed`. */
  async appeared(subscribed: readonly string[]): Promise<string[]> {
    if (subscribed.length === this.topics.length) return [];
    const existing = new Set(await this.admin.listTopics());
    return this.topics.filter((topic) => existing.has(topic) && !subscribed.includes(topic));
  }
}
