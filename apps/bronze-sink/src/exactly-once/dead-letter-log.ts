import type { OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Admin, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { connectFencing, readRanges } from '@tributary/runtime/kafka';
import { deadLetterHeaders, deadLetterTopic, DLQ_HEADERS } from '@tributary/schemas';
import type { DeadLetterReason } from '../decode/record-decoder';
import type { DeadLetterMark } from './checkpoint-store';

/** One record the sink cannot land, with why. */
export interface DeadLetter {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
  reason: DeadLetterReason;
  detail: string;
}

/** A dead letter on `<topic>.dlq`: which source offset, at which position of the dead-letter topic. */
interface Placed {
  sourceOffset: bigint;
  dlqPartition: number;
  dlqOffset: bigint;
}

/** A transaction the owner crashed in holds back read_committed readers this long at most. */
const TRANSACTION_TIMEOUT_MS = 15_000;
const RECOVERY_TIMEOUT_MS = 60_000;

/** What the dead letters of one partition need from the sink. */
export interface DeadLetterContext {
  kafka: Kafka;
  admin: Admin;
  /** Each dead-letter partition's end, transactions still open included (`UncommittedEnds`). */
  ends: Pick<UncommittedEnds, 'read'>;
  groupId: string;
  logger: Logger;
}

/** Kafka's isolation level 0: list offsets up to the high watermark, not the last stable offset. */
const READ_UNCOMMITTED = 0;

/**
 * Each partition's end including records of transactions still open (its high watermark). kafkajs's
 * admin lists offsets read-committed, which stops at the first open transaction — another partition's,
 * or one a crashed owner left until it times out — and would hide what lies after it; this admin is
 * made read-uncommitted with the option the project's kafkajs patch adds (patches/kafkajs@2.2.4.patch).
 */
export class UncommittedEnds {
  private readonly admin: Admin;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = (kafka.admin as (config: { isolationLevel: number }) => Admin)({
      isolationLevel: READ_UNCOMMITTED,
    });
  }

  async read(topic: string): Promise<Map<number, bigint>> {
    this.connecting ??= this.admin.connect();
    await this.connecting;
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  }

  async close(): Promise<void> {
    if (this.connecting) await this.admin.disconnect();
  }
}

/**
 * The dead letters of one source partition, exactly once on `<topic>.dlq`. They are sent in Kafka
 * transactions by a producer whose transactional id belongs to the partition, so the producer of a
 * new owner fences the previous owner's: a zombie's transaction still open is aborted, and it cannot
 * start another. The partition's checkpoint carries a mark — from where on the dead-letter topic its
 * dead letters past `nextOffset` can be — written (fenced, like every checkpoint write) before the
 * first one is sent. A new owner that finds the mark fences, then reads the dead-letter topic from
 * there (read_committed) and never sends again what is already on it. Consumers of the dead-letter
 * topic must read committed (kafkajs's default; `isolation.level=read_committed` in Java).
 */
export class PartitionDeadLetters {
  private producer: Producer | undefined;
  private dlqPartition: number | undefined;
  /** Dead letters on the topic for source offsets at or after the last commit (ours or inherited). */
  private placed: Placed[] = [];
  /** Positions after the last dead letter this partition placed, per dead-letter partition. */
  private readonly ends = new Map<number, bigint>();

  constructor(
    private readonly context: DeadLetterContext,
    readonly topic: string,
    readonly partition: number,
  ) {}

  private get dlqTopic(): string {
    return deadLetterTopic(this.topic);
  }

  private get transactionalId(): string {
    return `${this.context.groupId}.dlq.${this.topic}.${this.partition}`;
  }

  /**
   * At claim, when the checkpoint has a mark: fence the previous owner, then learn which records past
   * `nextOffset` it already dead-lettered.
   */
  async recover(mark: DeadLetterMark, nextOffset: bigint): Promise<void> {
    await this.connect();
    const found = await this.readSince(mark, nextOffset);
    this.placed = found;
    for (const [partition, offset] of Object.entries(mark.from))
      this.ends.set(Number(partition), BigInt(offset));
    for (const letter of found) this.noteEnd(letter.dlqPartition, letter.dlqOffset);
    if (found.length > 0) {
      this.context.logger.info(
        { partition: `${this.topic}[${this.partition}]`, deadLetters: found.length },
        'dead letters already sent by the previous owner will not be sent again',
      );
    }
  }

  /** True when the record at `offset` is already on the dead-letter topic. */
  alreadySent(offset: bigint): boolean {
    return this.placed.some((letter) => letter.sourceOffset === offset);
  }

  /**
   * The mark to write before the first dead letter of a partition that has none: the dead-letter
   * topic's ends now (anything this partition sends comes after them).
   */
  async markNow(): Promise<DeadLetterMark> {
    const offsets = await this.context.admin.fetchTopicOffsets(this.dlqTopic);
    return {
      from: Object.fromEntries(offsets.map((entry) => [String(entry.partition), entry.high])),
    };
  }

  /** Sends `letters` (none already sent) in one transaction; waits until it is committed. */
  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const { producer, dlqPartition } = await this.connect();
    const failedAt = new Date();
    const transaction = await producer.transaction();
    try {
      const [result] = await transaction.send({
        topic: this.dlqTopic,
        messages: letters.map((letter) => ({
          key: letter.key,
          value: letter.value,
          // One dead-letter partition per source partition: positions are known, recovery reads one.
          partition: dlqPartition,
          headers: {
            ...(letter.headers ?? {}),
            ...deadLetterHeaders({
              reason: letter.reason,
              detail: letter.detail,
              source: {
                topic: this.topic,
                partition: this.partition,
                offset: letter.offset.toString(),
              },
              failedAt,
            }),
          },
        })),
      });
      await transaction.commit();
      const base = BigInt(result?.baseOffset ?? '0');
      letters.forEach((letter, index) =>
        this.place(letter.offset, dlqPartition, base + BigInt(index)),
      );
      this.context.logger.debug(
        {
          partition: `${this.topic}[${this.partition}]`,
          offsets: letters.map((letter) => letter.offset.toString()),
          at: `${dlqPartition}@${base}`,
        },
        'dead letters sent',
      );
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The mark to commit with `nextOffset`: from where every dead letter at or after it can be found.
   * Undefined while the partition has no mark (it never sent one); `committed` prunes afterwards.
   */
  markFor(nextOffset: bigint, current: DeadLetterMark | undefined): DeadLetterMark | undefined {
    if (!current) return undefined;
    const from: Record<string, string> = { ...current.from };
    for (const [partition, end] of this.ends) from[String(partition)] = end.toString();
    for (const letter of this.placed) {
      if (letter.sourceOffset < nextOffset) continue;
      const key = String(letter.dlqPartition);
      if (letter.dlqOffset < BigInt(from[key] ?? letter.dlqOffset))
        from[key] = letter.dlqOffset.toString();
    }
    return { from };
  }

  /** A commit at `nextOffset` succeeded: dead letters before it need no remembering. */
  committed(nextOffset: bigint): void {
    this.placed = this.placed.filter((letter) => letter.sourceOffset >= nextOffset);
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private place(sourceOffset: bigint, dlqPartition: number, dlqOffset: bigint): void {
    this.placed.push({ sourceOffset, dlqPartition, dlqOffset });
    this.noteEnd(dlqPartition, dlqOffset);
  }

  private noteEnd(dlqPartition: number, dlqOffset: bigint): void {
    const end = this.ends.get(dlqPartition);
    if (end === undefined || dlqOffset + 1n > end) this.ends.set(dlqPartition, dlqOffset + 1n);
  }

  private async connect(): Promise<{ producer: Producer; dlqPartition: number }> {
    if (this.producer && this.dlqPartition !== undefined)
      return { producer: this.producer, dlqPartition: this.dlqPartition };
    const partitions = await this.context.admin.fetchTopicOffsets(this.dlqTopic);
    const dlqPartition = this.partition % Math.max(1, partitions.length);
    const producer = this.context.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      // Every send names its partition; the partitioner is never asked.
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 1,
      transactionTimeout: TRANSACTION_TIMEOUT_MS,
    });
    // The previous owner's producer is fenced before anything is read (connectFencing).
    await connectFencing(producer);
    this.producer = producer;
    this.dlqPartition = dlqPartition;
    return { producer, dlqPartition };
  }

  /** The dead letters of this partition at or after `nextOffset` on the topic since `mark`. */
  private async readSince(mark: DeadLetterMark, nextOffset: bigint): Promise<Placed[]> {
    const ends = await this.context.ends.read(this.dlqTopic);
    const ranges = [...ends].map(([partition, end]) => ({
      partition,
      from: BigInt(mark.from[String(partition)] ?? '0'),
      end,
    }));
    const found: Placed[] = [];
    await readRanges(
      this.context.kafka,
      this.dlqTopic,
      ranges,
      (message, dlqPartition) => {
        const header = (name: string) => message.headers?.[name]?.toString();
        if (
          header(DLQ_HEADERS.sourceTopic) !== this.topic ||
          header(DLQ_HEADERS.sourcePartition) !== String(this.partition)
        )
          return;
        const sourceOffset = BigInt(header(DLQ_HEADERS.sourceOffset) ?? '-1');
        if (sourceOffset >= nextOffset)
          found.push({ sourceOffset, dlqPartition, dlqOffset: BigInt(message.offset) });
      },
      {
        groupPrefix: `${this.context.groupId}-dlq-recovery`,
        errorCode: 'DEAD_LETTERS_UNREADABLE',
        timeoutMs: RECOVERY_TIMEOUT_MS,
      },
    );
    return found;
  }
}

/** Makes the dead letters of each partition this instance claims. */
export class DeadLetterLog implements OnApplicationShutdown {
  constructor(private readonly context: DeadLetterContext & { ends: UncommittedEnds }) {}

  async onApplicationShutdown(): Promise<void> {
    await this.context.ends.close();
  }

  forPartition(topic: string, partition: number): PartitionDeadLetters {
    return new PartitionDeadLetters(this.context, topic, partition);
  }
}
