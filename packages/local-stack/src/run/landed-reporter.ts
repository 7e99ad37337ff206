import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { BRONZE_FILES_TOPIC, BronzeFileEvent } from '@tributary/schemas';

export { BRONZE_FILES_TOPIC };

const count = (value: number) => value.toLocaleString('en-US');

/**
 * What the sink announced since the last report about this stack's bucket (other sinks, a benchmark's
 * say, share `bronze.files`): files and records per topic and hour, hours completed, late files, and
 * the run's total. Values that are not announcements are ignored.
 */
export class LandedTally {
  private pending = new Map<string, { files: number; records: number }>();
  private completed: string[] = [];
  private late: string[] = [];
  private readonly total = { files: 0, records: 0 };

  constructor(private readonly bucket: string) {}

  take(value: string): void {
    let parsed: BronzeFileEvent;
    try {
      parsed = BronzeFileEvent.parse(JSON.parse(value));
    } catch {
      return;
    }
    if (!parsed.uri.startsWith(`s3://${this.bucket}/`)) return;
    const where = `${parsed.topic} dt=${parsed.dt} hr=${parsed.hr}`;
    if (parsed.kind === 'hour_complete') {
      this.completed.push(where);
      return;
    }
    if (parsed.kind === 'late') {
      this.late.push(where);
      return;
    }
    const entry = this.pending.get(where) ?? { files: 0, records: 0 };
    entry.files += 1;
    entry.records += parsed.records;
    this.pending.set(where, entry);
    this.total.files += 1;
    this.total.records += parsed.records;
  }

  /** The lines to print since the last call (none when nothing landed). */
  report(): string[] {
    const lines = [...this.pending].map(
      ([where, entry]) =>
        `landed ${where}: ${count(entry.files)} file${entry.files === 1 ? '' : 's'}, ${count(entry.records)} records (this run: ${count(this.total.files)} files, ${count(this.total.records)} records)`,
    );
    lines.push(...this.completed.map((where) => `hour complete (_SUCCESS): ${where}`));
    lines.push(...this.late.map((where) => `late file in an hour already complete: ${where}`));
    this.pending = new Map();
    this.completed = [];
    this.late = [];
    return lines;
  }

  totals(): { files: number; records: number } {
    return { ...this.total };
  }
}

/**
 * Reads the sink's `bronze.files` announcements while a run lasts and prints what landed, at most once
 * per interval. Best effort: a failure here is reported once and never stops the run. Its consumer
 * group (`tributary-run-watch-<id>`) is deleted when the run stops.
 */
export class LandedReporter {
  private consumer: Consumer | undefined;
  private readonly kafka: Kafka;
  private readonly groupId = `tributary-run-watch-${randomBytes(4).toString('hex')}`;
  private readonly tally: LandedTally;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopping = new AbortController();
  private subscribing: Promise<void> | undefined;

  constructor(
    brokers: string[],
    bucket: string,
    private readonly print: (text: string) => void,
    private readonly intervalMs = 10_000,
  ) {
    this.tally = new LandedTally(bucket);
    this.kafka = new Kafka({
      clientId: 'tributary-run',
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
  }

  /** Starts once the topic exists (the sink creates it: never auto-created from here); never rejects. */
  start(): void {
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.subscribing = this.subscribeWhenPresent().catch((error: unknown) => {
      if (!this.stopping.signal.aborted) {
        this.print(`cannot follow ${BRONZE_FILES_TOPIC}: ${(error as Error).message}`);
      }
    });
  }

  private async subscribeWhenPresent(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      while (!(await admin.listTopics()).includes(BRONZE_FILES_TOPIC)) {
        await sleep(5_000, undefined, { signal: this.stopping.signal });
      }
    } finally {
      await admin.disconnect();
    }
    this.stopping.signal.throwIfAborted();
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    this.stopping.signal.throwIfAborted();
    await consumer.subscribe({ topic: BRONZE_FILES_TOPIC, fromBeginning: false });
    this.stopping.signal.throwIfAborted();
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        this.tally.take(message.value?.toString('utf8') ?? '');
        return Promise.resolve();
      },
    });
  }

  private flush(): void {
    for (const line of this.tally.report()) this.print(line);
  }

  totals(): { files: number; records: number } {
    return this.tally.totals();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    // Whatever step the subscription is at, it ends before the consumer is disconnected: a consumer
    // still connecting when the run stops would otherwise start afterwards and keep the process alive.
    await this.subscribing;
    this.flush();
    if (!this.consumer) return;
    await this.consumer.disconnect().catch(() => undefined);
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
  }
}
