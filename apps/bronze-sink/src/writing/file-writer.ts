import type { Logger } from '@tributary/runtime';
import { bronzeFileName, bronzeHourPrefix } from '@tributary/schemas';
import type { SinkConfig } from '../config/env';
import type { ConsumerHandle } from '../consumption/consumer-handle';
import type { GroupOffsets } from '../consumption/group-offsets';
import { releaseChunks, type HourGroup } from '../consumption/partition-buffer';
import type { PartitionRegistry } from '../consumption/partition-registry';
import type { PartitionState } from '../consumption/partition-state';
import type { ParquetEncoder } from '../encode/parquet-encoder';
import { FencedError } from '../exactly-once/checkpoint-store';
import type { HourCompletion } from '../exactly-once/hour-completion';
import { FLUSH_DEADLINE_MS, type CommitProgress } from '../exactly-once/partition-lease';
import type { SinkMetrics } from '../sink-metrics';
import { releaseNow } from '../support/buffers';
import type { FileAnnouncer } from './file-announcer';
import type { FileUploader } from './file-uploader';
import type { WrittenFile } from './written-file';

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

export interface FileWriterDependencies {
  registry: Pick<PartitionRegistry, 'states' | 'remove'>;
  encoder: Pick<ParquetEncoder, 'encode'>;
  uploader: Pick<FileUploader, 'upload'>;
  consumer: Pick<ConsumerHandle, 'seek'>;
  groupOffsets: Pick<GroupOffsets, 'commit'>;
  announcer: Pick<FileAnnouncer, 'announce'>;
  hours: Pick<HourCompletion, 'noteFile' | 'lateFiles'>;
  metrics: SinkMetrics;
  logger: Logger;
  rotation: SinkConfig['rotation'];
  now?: () => number;
}

/**
 * Turns buffered rows into committed files. A write takes everything a partition has consumed (one
 * file per hour), announces the files in the partition's checkpoint, uploads them, and advances the
 * checkpoint with a conditional write — the commit; the group offset and the `bronze.files` events
 * follow. Writes run beside consumption, one partition's in drain order; a failed write gives up every
 * row consumed since the last commit and re-reads from there.
 */
export class FileWriter {
  private readonly writes = new Set<Promise<void>>();
  private bytesWriting = 0;
  /** Estimated compressed bytes per buffered byte, per topic, learned from files written. */
  private readonly compressionRatio = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: FileWriterDependencies) {
    this.now = deps.now ?? Date.now;
  }

  /** Held bytes of the rows in writes under way (counted against the memory budget). */
  get writingBytes(): number {
    return this.bytesWriting;
  }

  /** The writes under way, each in the set from its start until it ends. */
  get inFlight(): ReadonlySet<Promise<void>> {
    return this.writes;
  }

  /** A partition's buffer reached a rotation limit: records per file, or (estimated) bytes per file. */
  rotationDue(state: PartitionState): boolean {
    const { rotation } = this.deps;
    const ratio = this.compressionRatio.get(state.topic) ?? 1;
    return (
      state.buffer.largestGroup >= rotation.maxRecords ||
      state.buffer.bufferedBytes * ratio >= rotation.maxBytes
    );
  }

  /** Lands everything consumed so far: every partition's buffer, and the writes under way. */
  async flushAll(reason: string): Promise<void> {
    await Promise.all(
      this.deps.registry.states().map((state) =>
        // Under the lock: a batch being decoded now is buffered first, and lands too.
        state.lock.run(() => {
          void this.startWrite(state, reason);
          return Promise.resolve();
        }),
      ),
    );
    await Promise.all(this.writes);
  }

  /**
   * Hands everything the partition has consumed to a file write, which runs after the partition's
   * earlier writes; resolves when it is done (it never rejects). Synchronous up to the hand-over, so
   * a batch being decoded meanwhile is buffered after the drained rows, at later offsets.
   */
  startWrite(state: PartitionState, reason: string): Promise<void> {
    if (state.revoked || !state.hasUndrained) return state.writes.run(() => Promise.resolve());
    const drained: DrainedRows = {
      ...state.buffer.drain(),
      nextOffset: state.nextOffset,
      generation: state.generation,
    };
    const { bytes } = drained;
    state.drainedOffset = drained.nextOffset;
    this.bytesWriting += bytes;
    const write = state.writes
      .run(() => this.write(state, drained, reason))
      .finally(() => {
        this.bytesWriting -= bytes;
        this.writes.delete(write);
      });
    this.writes.add(write);
    return write;
  }

  /** Writes drained rows as one file per hour and commits them; runs in the partition's write order. */
  private async write(state: PartitionState, drained: DrainedRows, reason: string): Promise<void> {
    const { groups, nextOffset, generation } = drained;
    if (state.revoked || state.generation !== generation) {
      releaseChunks(groups);
      return;
    }
    const progress = this.progress(state, groups, nextOffset);
    // The deadline covers the whole write: a zombie's upload can never land after it (partition-lease.ts).
    const signal = AbortSignal.timeout(FLUSH_DEADLINE_MS);
    let files: WrittenFile[] = [];
    try {
      // Inside the try: an encoder failure must also re-read from the checkpoint.
      files = await this.encode(state, groups);
      await this.upload(state, files, nextOffset, signal, progress);
    } catch (error) {
      this.failed(state, generation, error, reason);
      return;
    }
    state.deadLetters.committed(nextOffset);
    for (const file of files) this.deps.hours.noteFile(state.topic, file.hourStartMs);
    this.learnCompression(state.topic, drained.bytes, files);
    this.count(state.topic, files);
    this.deps.logger.debug(
      { partition: state.id, files: files.length, nextOffset: nextOffset.toString(), reason },
      'flushed',
    );
    await this.deps.groupOffsets.commit(state, nextOffset);
    const late = await this.deps.hours.lateFiles(files, signal);
    for (const file of late) {
      this.deps.metrics.lateRecords.inc({ topic: state.topic }, file.records);
      this.deps.logger.warn(
        { partition: state.id, key: file.key, records: file.records },
        'late: the hour of these rows was already marked complete; announced as late',
      );
    }
    await this.deps.announcer.announce(files, late);
    for (const file of files) releaseNow(file.body);
  }

  /** What the commit records beside the offset: latest row time and Kafka time, the dead-letter mark. */
  private progress(state: PartitionState, groups: HourGroup[], nextOffset: bigint): CommitProgress {
    const chunks = groups.flatMap((group) => group.chunks);
    const previous = state.lease.progress;
    const latest = (values: number[], before: number | undefined) => {
      const max = Math.max(before ?? Number.NEGATIVE_INFINITY, ...values);
      return Number.isFinite(max) ? { value: max } : undefined;
    };
    const eventTime = latest(
      chunks.map((chunk) => chunk.maxTimeMs),
      previous.maxEventTimeMs,
    );
    const recordAt = latest(
      chunks.map((chunk) => chunk.maxKafkaMs),
      previous.lastRecordAtMs,
    );
    const deadLetters = state.deadLetters.markFor(nextOffset, state.lease.deadLetterMark);
    return {
      ...(eventTime ? { maxEventTimeMs: eventTime.value } : {}),
      ...(recordAt ? { lastRecordAtMs: recordAt.value } : {}),
      ...(deadLetters ? { deadLetters } : {}),
    };
  }

  private async encode(state: PartitionState, groups: HourGroup[]): Promise<WrittenFile[]> {
    const files: WrittenFile[] = [];
    for (const group of groups) {
      const firstOffset = group.chunks[0]!.firstOffset;
      const lastOffset = group.chunks[group.chunks.length - 1]!.lastOffset;
      files.push({
        topic: state.topic,
        partition: state.partition,
        key:
          bronzeHourPrefix(state.topic, group.hourStartMs) +
          bronzeFileName(state.topic, state.partition, firstOffset, lastOffset),
        hourStartMs: group.hourStartMs,
        records: group.chunks.reduce((rows, chunk) => rows + chunk.rows, 0),
        firstOffset,
        lastOffset,
        body: await this.deps.encoder.encode(group.chunks.map((chunk) => chunk.data)),
      });
      group.chunks = [];
    }
    return files;
  }

  /** Announce in the checkpoint, upload, commit the checkpoint: the exactly-once protocol. */
  private async upload(
    state: PartitionState,
    files: WrittenFile[],
    nextOffset: bigint,
    signal: AbortSignal,
    progress: CommitProgress,
  ): Promise<void> {
    const keys = files.map((file) => file.key);
    if (files.length > 0) await state.lease.beginFlush(keys, signal);
    for (const file of files) {
      const started = this.now();
      await this.deps.uploader.upload(file.key, file.body, {
        signal,
        onRetry: (error, attempt) =>
          this.deps.logger.warn({ err: error, key: file.key, attempt }, 'upload failed, retrying'),
      });
      this.deps.metrics.uploadSeconds.observe(
        { topic: state.topic },
        (this.now() - started) / 1000,
      );
    }
    await state.lease.commitFlush(nextOffset, keys, signal, progress);
  }

  /** Nothing was committed: fenced, the partition is gone; otherwise re-read from the checkpoint. */
  private failed(state: PartitionState, generation: number, error: unknown, reason: string): void {
    if (error instanceof FencedError) {
      this.deps.metrics.fenced.inc({ topic: state.topic });
      state.revoked = true;
      this.deps.registry.remove(state);
      this.deps.logger.warn(
        { partition: state.id },
        'fenced: another instance owns this partition now',
      );
      return;
    }
    this.deps.logger.error(
      { err: error, partition: state.id, reason },
      'flush failed; re-reading from the checkpoint',
    );
    if (state.generation !== generation) return;
    state.discardUncommitted();
    this.deps.consumer.seek(state.topic, state.partition, state.nextOffset);
  }

  private learnCompression(topic: string, heldBytes: number, files: WrittenFile[]): void {
    if (heldBytes <= 0) return;
    const written = files.reduce((sum, file) => sum + file.body.length, 0);
    const previous = this.compressionRatio.get(topic) ?? 1;
    this.compressionRatio.set(topic, 0.7 * previous + 0.3 * (written / heldBytes));
  }

  private count(topic: string, files: WrittenFile[]): void {
    const { metrics } = this.deps;
    for (const file of files) {
      metrics.filesUploaded.inc({ topic });
      metrics.bytesUploaded.inc({ topic }, file.body.length);
      metrics.recordsOut.inc({ topic }, file.records);
    }
  }
}
