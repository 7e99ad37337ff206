import type { S3Client } from '@aws-sdk/client-s3';
import { setTimeout as delay } from 'node:timers/promises';
import {
  Partitioners,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { retry, TributaryError, type Logger } from '@tributary/runtime';
import {
  BRONZE_FILES_TOPIC,
  deadLetterTopic,
  bronzeFileName,
  bronzeHourPrefix,
  topicSpec,
  type BronzeFileEvent,
  type TopicSpec,
} from '@tributary/schemas';
import type { SinkConfig } from '../config/env';
import { releaseNow } from './buffers';
import { CheckpointStore, FencedError } from './checkpoint-store';
import { FileUploader } from './file-uploader';
import { HourCompletion } from './hour-completion';
import { ParquetEncoder } from './parquet-encoder';
import { FLUSH_DEADLINE_MS, PartitionLease } from './partition-lease';
import { PartitionState } from './partition-state';
import { DecodePool } from './decode-pool';
import { releaseChunks, type HourGroup } from './partition-buffer';
import type { BatchDeadLetter } from './record-batch';
import type { SinkMetrics } from './sink-metrics';
import { SinkPublisher } from './sink-publisher';

export interface BronzeSinkDependencies {
  config: SinkConfig;
  kafka: Kafka;
  s3: S3Client;
  logger: Logger;
  metrics: SinkMetrics;
  now?: () => number;
}

/** A landed file, as reported to listeners (hour completion, tests). */
export interface LandedFile {
  topic: string;
  partition: number;
  key: string;
  hourStartMs: number;
  records: number;
  bytes: number;
}

const TICK_MS = 1_000;
/** Hour completion runs every this many ticks. */
const HOUR_CHECK_TICKS = 5;
/** Source topics that did not exist at start are looked for every this many ticks. */
const TOPIC_CHECK_TICKS = 10;
const CLAIMS_AT_ONCE = 8;
/** While consuming waits for file writes (backpressure), it heartbeats at least this often. */
const BACKPRESSURE_HEARTBEAT_MS = 1_000;

const partitionKey = (topic: string, partition: number) => `${topic}:${partition}`;
const fileKeys = (files: readonly { key: string }[]) => files.map((file) => file.key);

/** A partition's rows handed to a file write: what was buffered when it was drained. */
interface DrainedRows {
  groups: HourGroup[];
  /** Their held bytes (counted against the memory budget until the write ends). */
  bytes: number;
  /** The partition's `nextOffset` at the drain: what the write commits. */
  nextOffset: bigint;
  /** The partition's generation at the drain: the write is dropped if it changed since. */
  generation: number;
}

/**
 * Kafka → Parquet on S3, exactly once. Per partition: decode and buffer records, then on rotation
 * hand the buffered rows to a file write, which encodes one file per hour, announces them in the
 * partition's checkpoint, uploads, and advances the checkpoint (a conditional write that fences off
 * any other writer); Kafka offsets are committed after that, for monitoring only — the S3 checkpoint
 * is where consumption resumes. Writes run beside consumption (a partition's in drain order), so
 * decoding, compressing and uploading overlap; a failed write gives up every row consumed after the
 * last commit and re-reads from there.
 */
export class BronzeSink {
  private readonly config: SinkConfig;
  private readonly logger: Logger;
  private readonly metrics: SinkMetrics;
  private readonly now: () => number;
  private readonly checkpoints: CheckpointStore;
  private readonly uploader: FileUploader;
  private readonly encoder: ParquetEncoder;
  private readonly decoders: DecodePool;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly publisher: SinkPublisher;
  private consumer: Consumer | undefined;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly claiming = new Map<string, Promise<PartitionState>>();
  /** The group's latest assignment to this member, by `partitionKey`. */
  private assigned = new Map<string, { topic: string; partition: number }>();
  /** Assignments are handled one after another, in the order the group made them. */
  private assignments: Promise<void> = Promise.resolve();
  /** The source topics the consumer subscribed to: those of `config.topics` that existed then. */
  private subscribed: string[] = [];
  private restarting: Promise<void> | undefined;
  /** Estimated compressed bytes per buffered byte, per topic, learned from files written. */
  private readonly compressionRatio = new Map<string, number>();
  /** File writes under way, and the held bytes they have (counted against the memory budget). */
  private readonly writes = new Set<Promise<void>>();
  private writingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private ticks = 0;
  private readonly hours: HourCompletion;
  private wallHour: number;
  private readonly fileListeners: ((files: LandedFile[]) => Promise<void>)[] = [];

  constructor(private readonly deps: BronzeSinkDependencies) {
    this.config = deps.config;
    this.logger = deps.logger;
    this.metrics = deps.metrics;
    this.now = deps.now ?? Date.now;
    this.checkpoints = new CheckpointStore(
      deps.s3,
      this.config.s3.bucket,
      this.config.checkpointPrefix,
    );
    this.uploader = new FileUploader(
      deps.s3,
      this.config.s3.bucket,
      this.config.multipartThresholdBytes,
    );
    this.encoder = new ParquetEncoder(this.config.compression, this.config.bufferCompression);
    this.decoders = new DecodePool(this.config.decodeThreads, this.config);
    this.producer = deps.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = deps.kafka.admin();
    this.publisher = new SinkPublisher(this.producer);
    this.hours = new HourCompletion(
      deps.s3,
      this.config.s3.bucket,
      this.config.watermarkPrefix,
      this.admin,
      this.publisher,
      this.metrics,
      this.logger,
    );
    this.wallHour = Math.floor(this.now() / 3_600_000);
  }

  /** Called after every committed flush with the files it landed. */
  onFilesLanded(listener: (files: LandedFile[]) => Promise<void>): void {
    this.fileListeners.push(listener);
  }

  /** Readiness: the cluster answers a metadata request now. */
  async kafkaAnswers(): Promise<boolean> {
    const cluster = await this.admin.describeCluster();
    return cluster.brokers.length > 0;
  }

  /**
   * Connects and starts consuming. With `waitForGroup: false` it returns before the group join
   * completes (which, after a crash, waits for the dead member's session to time out).
   */
  async start(options: { waitForGroup?: boolean } = {}): Promise<void> {
    await this.producer.connect();
    await this.admin.connect();
    for (const topic of this.config.topics) {
      await this.hours
        .recover(topic, this.now())
        .catch((error: unknown) =>
          this.logger.warn({ err: error, topic }, 'could not look for incomplete hours'),
        );
    }
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    const consuming = this.startConsumer();
    if (options.waitForGroup ?? true) await consuming;
    else {
      consuming.catch((error: unknown) => {
        this.logger.fatal(
          { err: error },
          'could not start consuming; exiting so the orchestrator restarts us',
        );
        process.exit(1);
      });
    }
    this.logger.info(
      { topics: this.config.topics, groupId: this.config.groupId },
      'bronze sink started',
    );
  }

  /** Graceful stop: stop fetching, land what is buffered, commit, leave the group. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.stopConsumer();
    await this.producer.disconnect();
    await this.admin.disconnect();
    await this.encoder.close();
    await this.decoders.close();
    this.logger.info('bronze sink stopped');
  }

  /**
   * Flushes and commits everything, then reconnects the consumer (the scheduled restart, or a source
   * topic that appeared). A restart asked for while one runs joins it.
   */
  restartConsumer(reason = 'scheduled'): Promise<void> {
    this.restarting ??= (async () => {
      this.logger.info({ reason }, 'consumer restart');
      await this.stopConsumer();
      await this.startConsumer();
      this.metrics.restarts.inc();
    })().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  /**
   * Source topics belong to their producers: wait (logging) until at least one exists instead of
   * failing, and return those that do; `tick` subscribes to the others once they appear. The sink's
   * own outputs, `<topic>.dlq` and `bronze.files`, are created if missing.
   */
  private async ensureTopics(): Promise<string[]> {
    return retry(
      async () => {
        const existing = new Set(await this.admin.listTopics());
        const missing = this.config.topics.filter((topic) => !existing.has(topic));
        if (missing.length === this.config.topics.length) {
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
        const outputs = [...this.config.topics.map(deadLetterTopic), BRONZE_FILES_TOPIC].filter(
          (topic) => !existing.has(topic),
        );
        if (outputs.length > 0) {
          await this.admin.createTopics({
            topics: outputs.map((topic) => ({ topic })),
            waitForLeaders: true,
          });
        }
        return this.config.topics.filter((topic) => existing.has(topic));
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

  private async startConsumer(): Promise<void> {
    const topics = await this.ensureTopics();
    const consumer = this.deps.kafka.consumer({
      groupId: this.config.groupId,
      sessionTimeout: this.config.sessionTimeoutMs,
      rebalanceTimeout: 60_000,
      heartbeatInterval: Math.min(3_000, Math.floor(this.config.sessionTimeoutMs / 5)),
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      retry: { retries: 10 },
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.assigned = new Map(
        Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
          (partitions ?? []).map((partition) => [
            partitionKey(topic, partition),
            { topic, partition },
          ]),
        ),
      );
      this.assignments = this.assignments
        .then(() => this.onAssignment())
        .catch((error: unknown) =>
          this.logger.error({ err: error }, 'handling the new assignment failed'),
        );
    });
    consumer.on(consumer.events.DISCONNECT, () => {});
    consumer.on(consumer.events.CRASH, (event) => {
      this.logger.error(
        { err: event.payload.error, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    await consumer.connect();
    await consumer.subscribe({
      topics,
      fromBeginning: this.config.startPosition !== 'latest',
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Partitions are independent (each has its own lock), so one can decode while another's file is compressed.
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.consumer = consumer;
    this.subscribed = topics;
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.pause(this.subscribed.map((topic) => ({ topic })));
    await this.flushAll('shutdown');
    await consumer.disconnect();
    this.consumer = undefined;
    this.partitions.clear();
    this.claiming.clear();
    this.assigned = new Map();
  }

  /** Drops what the group took away and claims what it gave; reads the latest assignment. */
  private async onAssignment(): Promise<void> {
    for (const [key, state] of this.partitions) {
      if (this.assigned.has(key)) continue;
      await state.lock.run(() => {
        // Not ours any more: the new owner re-reads from the checkpoint, so uncommitted rows are dropped.
        state.revoked = true;
        state.discardUncommitted();
        return Promise.resolve();
      });
      if (this.partitions.get(key) === state) this.partitions.delete(key);
      this.logger.info({ partition: state.id }, 'partition revoked');
    }
    // Claim every assigned partition now, even one that gets no records, so it reports its watermark.
    // A few at a time: each claim is an S3 read and write and two Kafka admin requests, and claiming
    // 128 partitions at once added ~60 MiB to the sink's peak RSS.
    const assigned = [...this.assigned.values()];
    for (let start = 0; start < assigned.length; start += CLAIMS_AT_ONCE) {
      await Promise.all(
        assigned
          .slice(start, start + CLAIMS_AT_ONCE)
          .map(({ topic, partition }) => this.partitionState(topic, partition)),
      );
    }
  }

  private partitionState(topic: string, partition: number): Promise<PartitionState> {
    const key = partitionKey(topic, partition);
    const existing = this.partitions.get(key);
    if (existing) return Promise.resolve(existing);
    let claim = this.claiming.get(key);
    if (!claim) {
      claim = this.claimPartition(topic, partition).finally(() => this.claiming.delete(key));
      this.claiming.set(key, claim);
    }
    return claim;
  }

  private async claimPartition(topic: string, partition: number): Promise<PartitionState> {
    const spec = topicSpec(topic) as TopicSpec;
    const lease = await PartitionLease.claim(
      this.checkpoints,
      topic,
      partition,
      this.config.instanceId,
      () => this.initialOffset(topic, partition),
      this.now,
    );
    const state = new PartitionState(topic, partition, spec, lease);
    const { high } = await this.watermarks(topic, partition);
    state.highWatermark = high;
    if (this.config.startPosition === 'latest' && high > lease.nextOffset) {
      await lease.commitFlush(high, []);
      state.nextOffset = high;
    }
    if (!this.assigned.has(partitionKey(topic, partition))) {
      // Taken away while we claimed it: the new owner's claim fences this lease.
      state.revoked = true;
      this.logger.info({ partition: state.id }, 'partition revoked while being claimed');
      return state;
    }
    this.partitions.set(partitionKey(topic, partition), state);
    this.logger.info(
      { partition: state.id, nextOffset: state.nextOffset.toString(), epoch: lease.epoch },
      'partition claimed',
    );
    return state;
  }

  private async watermarks(
    topic: string,
    partition: number,
  ): Promise<{ low: bigint; high: bigint }> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const entry = offsets.find((candidate) => candidate.partition === partition);
    if (!entry) throw new Error(`no offsets for ${topic}[${partition}]`);
    return { low: BigInt(entry.low), high: BigInt(entry.high) };
  }

  /** Where a partition with no checkpoint starts, per SINK_START_POSITION. */
  private async initialOffset(topic: string, partition: number): Promise<string> {
    const { low, high } = await this.watermarks(topic, partition);
    if (this.config.startPosition === 'latest') return high.toString();
    if (this.config.startPosition === 'committed') {
      const [committed] = await this.admin.fetchOffsets({
        groupId: this.config.groupId,
        topics: [topic],
      });
      const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset;
      if (offset !== undefined && Number(offset) >= 0 && BigInt(offset) >= low) return offset;
    }
    return low.toString();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    // A batch of an earlier generation must not claim a partition the group has given to another member.
    if (!this.assigned.has(partitionKey(batch.topic, batch.partition))) return;
    const state = await this.partitionState(batch.topic, batch.partition);
    await state.lock.run(async () => {
      if (state.revoked || !this.consumer || !payload.isRunning() || payload.isStale()) return;
      const first = BigInt(batch.firstOffset() ?? '0');
      if (first > state.nextOffset && !(await this.acceptGap(state, first))) return;
      const fresh = batch.messages.filter((message) => BigInt(message.offset) >= state.nextOffset);
      const landed = batch.messages.length - fresh.length;
      if (landed > 0) this.metrics.skippedLanded.inc({ topic: state.topic }, landed);
      if (fresh.length > 0) {
        const generation = state.generation;
        const decoded = await this.decoders.decode(state.topic, state.partition, fresh, this.now());
        // Revoked, sought elsewhere or given up (a write failed) meanwhile: Kafka delivers it again.
        if (
          state.revoked ||
          state.generation !== generation ||
          !payload.isRunning() ||
          payload.isStale()
        ) {
          for (const chunk of decoded.chunks) releaseNow(chunk.data);
          return;
        }
        this.metrics.recordsIn.inc({ topic: state.topic }, fresh.length);
        if (decoded.dead.length > 0) await this.deadLetter(state, fresh, decoded.dead);
        const nowMs = this.now();
        for (const chunk of decoded.chunks) state.buffer.add(chunk, nowMs);
        state.nextOffset = BigInt(fresh[fresh.length - 1]!.offset) + 1n;
      }
      payload.resolveOffset(batch.messages[batch.messages.length - 1]!.offset);
      state.highWatermark = BigInt(batch.highWatermark);
      if (this.rotationDue(state)) void this.startWrite(state, 'rotation');
    });
    await this.enforceMemoryBudget(payload);
    await payload.heartbeat();
  }

  /** Before the batch's rows are buffered: if this fails, the whole batch is consumed again. */
  private async deadLetter(
    state: PartitionState,
    messages: KafkaMessage[],
    dead: BatchDeadLetter[],
  ): Promise<void> {
    await this.publisher.deadLetter(
      dead.map(({ index, reason, detail }) => {
        const message = messages[index]!;
        return {
          topic: state.topic,
          partition: state.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers,
          reason,
          detail,
        };
      }),
    );
    for (const { reason } of dead) this.metrics.deadLettered.inc({ topic: state.topic, reason });
  }

  /**
   * The batch starts after the offset we resume from. Seek back unless Kafka no longer has those
   * offsets (retention deleted them before they were landed): then count the gap and go on.
   */
  private async acceptGap(state: PartitionState, first: bigint): Promise<boolean> {
    const { low } = await this.watermarks(state.topic, state.partition);
    if (low > state.nextOffset) {
      this.logger.error(
        { partition: state.id, from: state.nextOffset.toString(), to: (low - 1n).toString() },
        'offsets were deleted by retention before they could be landed',
      );
      state.nextOffset = first;
      return true;
    }
    this.consumer?.seek({
      topic: state.topic,
      partition: state.partition,
      offset: state.nextOffset.toString(),
    });
    return false;
  }

  private rotationDue(state: PartitionState): boolean {
    const { rotation } = this.config;
    const ratio = this.compressionRatio.get(state.topic) ?? 1;
    return (
      state.buffer.largestGroup >= rotation.maxRecords ||
      state.buffer.bufferedBytes * ratio >= rotation.maxBytes
    );
  }

  private get bufferedBytes(): number {
    let total = 0;
    for (const state of this.partitions.values()) total += state.buffer.bufferedBytes;
    return total;
  }

  /** Held bytes buffered or in file writes: what the memory budget bounds. */
  private get heldBytes(): number {
    return this.bufferedBytes + this.writingBytes;
  }

  /**
   * Backpressure. Once the buffered rows reach 3/4 of the byte budget, the fullest partitions' rows
   * go to file writes (a partition is written when it is the fullest, so files stay large); while
   * buffered and writing bytes together reach the budget, consuming waits for writes to finish.
   */
  private async enforceMemoryBudget(payload: EachBatchPayload): Promise<void> {
    const budget = this.config.bufferBytes;
    const writeFrom = (3 * budget) / 4;
    if (this.bufferedBytes >= writeFrom) {
      const fullest = [...this.partitions.values()].sort(
        (a, b) => b.buffer.bufferedBytes - a.buffer.bufferedBytes,
      );
      for (const state of fullest) {
        if (this.bufferedBytes < writeFrom) break;
        void this.startWrite(state, 'memory');
      }
    }
    while (this.heldBytes >= budget && this.writes.size > 0 && payload.isRunning()) {
      // Stay in the group while S3 is slow or down; a failed heartbeat means a rebalance is under way.
      await Promise.race([
        ...this.writes,
        delay(BACKPRESSURE_HEARTBEAT_MS, undefined, { ref: false }),
      ]);
      await payload.heartbeat();
    }
  }

  /** Lands everything consumed so far: every partition's buffer, and the writes under way. */
  async flushAll(reason: string): Promise<void> {
    await Promise.all(
      [...this.partitions.values()].map((state) =>
        // Under the lock: a batch being decoded now is buffered first, and lands too.
        state.lock.run(() => {
          void this.startWrite(state, reason);
          return Promise.resolve();
        }),
      ),
    );
    // Every write, these and earlier ones, is in the set from the moment it starts.
    await Promise.all(this.writes);
  }

  /**
   * Hands everything the partition has consumed to a file write, which runs after the partition's
   * earlier writes; resolves when it is done (it never rejects). Synchronous up to the hand-over, so
   * a batch being decoded meanwhile is buffered after the drained rows, at later offsets.
   */
  private startWrite(state: PartitionState, reason: string): Promise<void> {
    if (state.revoked || !state.hasUndrained) return state.writes.run(() => Promise.resolve());
    const drained: DrainedRows = {
      ...state.buffer.drain(),
      nextOffset: state.nextOffset,
      generation: state.generation,
    };
    const { groups, bytes } = drained;
    state.drainedOffset = drained.nextOffset;
    const hours = { earliestHourMs: groups[0]?.hourStartMs ?? Number.POSITIVE_INFINITY };
    state.writingHours.add(hours);
    this.writingBytes += bytes;
    const write = state.writes
      .run(() => this.writeFiles(state, drained, reason))
      .finally(() => {
        this.writingBytes -= bytes;
        state.writingHours.delete(hours);
        this.writes.delete(write);
      });
    this.writes.add(write);
    return write;
  }

  /** Writes drained rows as one file per hour and commits them; runs in the partition's write order. */
  private async writeFiles(
    state: PartitionState,
    drained: DrainedRows,
    reason: string,
  ): Promise<void> {
    const { groups, nextOffset, generation } = drained;
    if (state.revoked || state.generation !== generation) {
      releaseChunks(groups);
      return;
    }
    const chunks = groups.flatMap((group) => group.chunks);
    const maxTimeMs = chunks.reduce(
      (max, chunk) => Math.max(max, chunk.maxTimeMs),
      state.committedMaxTimeMs ?? Number.NEGATIVE_INFINITY,
    );
    const files: { key: string; hourStartMs: number; records: number; body: Uint8Array }[] = [];
    const signal = AbortSignal.timeout(FLUSH_DEADLINE_MS);
    try {
      // Inside the try: an encoder failure must also re-read from the checkpoint.
      for (const group of groups) {
        const first = group.chunks[0]!.firstOffset;
        const last = group.chunks[group.chunks.length - 1]!.lastOffset;
        files.push({
          key:
            bronzeHourPrefix(state.topic, group.hourStartMs) +
            bronzeFileName(state.topic, state.partition, first, last),
          hourStartMs: group.hourStartMs,
          records: group.chunks.reduce((rows, chunk) => rows + chunk.rows, 0),
          body: await this.encoder.encode(group.chunks.map((chunk) => chunk.data)),
        });
        group.chunks = [];
      }
      if (files.length > 0) await state.lease.beginFlush(fileKeys(files), signal);
      for (const file of files) {
        const started = this.now();
        await this.uploader.upload(file.key, file.body, {
          signal,
          onRetry: (error, attempt) =>
            this.logger.warn({ err: error, key: file.key, attempt }, 'upload failed, retrying'),
        });
        this.metrics.uploadSeconds.observe({ topic: state.topic }, (this.now() - started) / 1000);
      }
      await state.lease.commitFlush(nextOffset, fileKeys(files), signal);
    } catch (error) {
      if (error instanceof FencedError) {
        this.metrics.fenced.inc({ topic: state.topic });
        state.revoked = true;
        const key = partitionKey(state.topic, state.partition);
        if (this.partitions.get(key) === state) this.partitions.delete(key);
        this.logger.warn(
          { partition: state.id },
          'fenced: another instance owns this partition now',
        );
        return;
      }
      // Nothing was committed: give up what was consumed since and consume it again from the checkpoint.
      this.logger.error(
        { err: error, partition: state.id, reason },
        'flush failed; re-reading from the checkpoint',
      );
      if (state.generation !== generation) return;
      state.discardUncommitted();
      this.consumer?.seek({
        topic: state.topic,
        partition: state.partition,
        offset: state.nextOffset.toString(),
      });
      return;
    }
    if (Number.isFinite(maxTimeMs)) state.committedMaxTimeMs = maxTimeMs;
    for (const file of files) this.hours.noteFile(state.topic, file.hourStartMs);
    this.metrics.encoderWasmBytes.set(this.encoder.wasmBytes);
    this.encoder.heapBytes().then(
      (bytes) => this.metrics.encoderHeapBytes.set(bytes),
      () => undefined,
    );
    this.decoders.heapBytes().then(
      (bytes) => this.metrics.decoderHeapBytes.set(bytes),
      () => undefined,
    );
    const writtenBytes = files.reduce((sum, file) => sum + file.body.length, 0);
    if (drained.bytes > 0) {
      const previous = this.compressionRatio.get(state.topic) ?? 1;
      this.compressionRatio.set(state.topic, 0.7 * previous + 0.3 * (writtenBytes / drained.bytes));
    }
    for (const file of files) {
      this.metrics.filesUploaded.inc({ topic: state.topic });
      this.metrics.bytesUploaded.inc({ topic: state.topic }, file.body.length);
      this.metrics.recordsOut.inc({ topic: state.topic }, file.records);
    }
    this.logger.debug(
      { partition: state.id, files: files.length, nextOffset: nextOffset.toString(), reason },
      'flushed',
    );
    // Once revoked (a write may finish after that), the partition's group offset is the new owner's.
    if (!state.revoked)
      await this.consumer
        ?.commitOffsets([
          { topic: state.topic, partition: state.partition, offset: nextOffset.toString() },
        ])
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error, partition: state.id },
            'Kafka offset commit failed (S3 checkpoint is authoritative)',
          ),
        );
    await this.announce(state, files);
    for (const file of files) releaseNow(file.body);
  }

  private async announce(
    state: PartitionState,
    files: { key: string; hourStartMs: number; records: number; body: Uint8Array }[],
  ): Promise<void> {
    if (files.length === 0) return;
    const events: BronzeFileEvent[] = files.map((file) => {
      const iso = new Date(file.hourStartMs).toISOString();
      const name = file.key.slice(file.key.lastIndexOf('/') + 1);
      const [first, last] = name.slice(name.lastIndexOf('+') + 1, -'.parquet'.length).split('-');
      return {
        kind: 'file',
        topic: state.topic,
        partition: state.partition,
        first_offset: BigInt(first ?? '0').toString(),
        last_offset: BigInt(last ?? '0').toString(),
        records: file.records,
        bytes: file.body.length,
        uri: `s3://${this.config.s3.bucket}/${file.key}`,
        dt: iso.slice(0, 10),
        hr: iso.slice(11, 13),
      };
    });
    await this.publisher
      .fileEvents(events)
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, partition: state.id },
          'publishing bronze.files events failed',
        ),
      );
    const landed = files.map((file) => ({
      topic: state.topic,
      partition: state.partition,
      key: file.key,
      hourStartMs: file.hourStartMs,
      records: file.records,
      bytes: file.body.length,
    }));
    for (const listener of this.fileListeners) await listener(landed);
  }

  /** Once a second: flush partitions past the age limit (even idle ones), everything at the top of the hour. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const nowMs = this.now();
      const hour = Math.floor(nowMs / 3_600_000);
      const hourChanged = hour !== this.wallHour;
      this.wallHour = hour;
      await Promise.all(
        [...this.partitions.values()].map((state) => {
          const aged = state.buffer.ageMs(nowMs) >= this.config.rotation.maxAgeMs;
          const onlyDeadLetters = state.buffer.bufferedRecords === 0 && state.hasUndrained;
          if (!aged && !hourChanged && !onlyDeadLetters) return Promise.resolve();
          return this.startWrite(state, hourChanged ? 'hour' : 'age');
        }),
      );
      this.updateGauges(nowMs);
      if (++this.ticks % HOUR_CHECK_TICKS === 0) await this.completeHours(nowMs);
      if (this.ticks % TOPIC_CHECK_TICKS === 0) await this.subscribeToNewTopics();
    } catch (error) {
      this.logger.error({ err: error }, 'periodic flush failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Restarts the consumer once a configured source topic it could not subscribe to exists. */
  private async subscribeToNewTopics(): Promise<void> {
    if (!this.consumer || this.restarting || this.subscribed.length === this.config.topics.length)
      return;
    const existing = new Set(await this.admin.listTopics());
    const appeared = this.config.topics.filter(
      (topic) => existing.has(topic) && !this.subscribed.includes(topic),
    );
    if (appeared.length === 0) return;
    void this.restartConsumer(`source topics appeared: ${appeared.join(', ')}`).catch(
      (error: unknown) => this.logger.error({ err: error }, 'restart for new topics failed'),
    );
  }

  private async completeHours(nowMs: number): Promise<void> {
    for (const state of this.partitions.values()) {
      const doneThroughMs = state.doneThroughMs(nowMs, this.config.hourGraceMs);
      if (doneThroughMs !== undefined)
        await this.hours.publishWatermark(state.topic, state.partition, doneThroughMs);
    }
    for (const topic of this.config.topics) await this.hours.completeHours(topic);
  }

  private updateGauges(nowMs: number): void {
    this.metrics.bufferedBytes.set(this.heldBytes);
    for (const state of this.partitions.values()) {
      const labels = { topic: state.topic, partition: String(state.partition) };
      const lag =
        state.highWatermark > state.nextOffset ? state.highWatermark - state.nextOffset : 0n;
      this.metrics.consumerLag.set(labels, Number(lag));
      this.metrics.oldestUnflushedSeconds.set(labels, state.buffer.ageMs(nowMs) / 1000);
    }
  }
}
