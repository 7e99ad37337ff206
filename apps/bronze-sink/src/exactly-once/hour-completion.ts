import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Admin } from 'kafkajs';
import type { Logger } from '@tributary/runtime';
import { isConditionFailed, isNotFound } from '@tributary/runtime/aws';
import { bronzeHourPrefix, HOUR_MS, type BronzeFileEvent } from '@tributary/schemas';
import type { SinkMetrics } from '../sink-metrics';
import { retryS3 } from '../support/s3-retry';
import type { SinkPublisher } from '../writing/sink-publisher';
import type { WrittenFile } from '../writing/written-file';
import type { CheckpointStore } from './checkpoint-store';

/** The hour an instant falls in: hours are promised complete whole. */
export const hourFloor = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/**
 * Decides when an hour folder can no longer receive records and marks it. Every partition's owner
 * records in the partition's checkpoint how far it promises that it holds no earlier row
 * (`hoursDoneThroughMs`, a fenced conditional write, so a zombie can promise nothing; see
 * `PartitionState.hoursDoneThrough` for when an owner promises). When the promise of every
 * partition of the topic passes an hour's end, `_SUCCESS` is written there with `If-None-Match: *`
 * — so exactly one instance wins — and the winner publishes `hour_complete`. A file that lands in an
 * hour already marked is late: announced as such, never silently.
 */
export class HourCompletion {
  private readonly pending = new Map<string, Set<number>>();
  /** Hours known to have `_SUCCESS` (a marker is never removed). */
  private readonly complete = new Set<string>();

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly checkpoints: Pick<CheckpointStore, 'read'>,
    private readonly admin: Pick<Admin, 'fetchTopicOffsets'>,
    private readonly publisher: Pick<SinkPublisher, 'fileEvents'>,
    private readonly metrics: SinkMetrics,
    private readonly logger: Logger,
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** An hour of `topic` got a file: it needs a `_SUCCESS` once complete. */
  noteFile(topic: string, hourStartMs: number): void {
    const hours = this.pending.get(topic) ?? new Set<number>();
    hours.add(hourStartMs);
    this.pending.set(topic, hours);
  }

  /** After a restart: hour folders of the last `days` days that still lack `_SUCCESS`. */
  async recover(topic: string, nowMs: number, days = 2): Promise<void> {
    for (let day = 0; day <= days; day++) {
      const dt = new Date(nowMs - day * 24 * HOUR_MS).toISOString().slice(0, 10);
      const listed = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `${topic}/dt=${dt}/`,
          Delimiter: '/',
        }),
      );
      for (const folder of listed.CommonPrefixes ?? []) {
        const hr = /hr=(\d{2})\/$/.exec(folder.Prefix ?? '')?.[1];
        if (hr === undefined) continue;
        const hourStartMs = Date.parse(`${dt}T${hr}:00:00Z`);
        if (!(await this.isMarked(topic, hourStartMs))) this.noteFile(topic, hourStartMs);
      }
    }
  }

  /**
   * The files among `files` (just committed) whose hour was already marked complete. Checked after
   * the commit, so a marker written before the file landed is always seen; one written between the
   * commit and this check makes the file announced as late although it made it in (harmless).
   * Never rejects: S3 faults are retried until `signal` aborts, and a file whose hour could not be
   * checked counts as late, so that downstream re-reads its hour rather than miss the file.
   */
  async lateFiles(files: readonly WrittenFile[], signal: AbortSignal): Promise<WrittenFile[]> {
    const late: WrittenFile[] = [];
    for (const file of files) {
      // No promise ever reaches past now minus the grace, so a younger hour cannot be marked.
      if (file.hourStartMs + HOUR_MS > this.now() - this.graceMs) continue;
      if (await this.markedOrUnknown(file, signal)) late.push(file);
    }
    return late;
  }

  private async markedOrUnknown(file: WrittenFile, signal: AbortSignal): Promise<boolean> {
    try {
      return await retryS3(() => this.isMarked(file.topic, file.hourStartMs), { signal });
    } catch (error) {
      this.logger.warn(
        { err: error, key: file.key },
        'could not check whether the hour of this committed file is marked complete; announced as late',
      );
      return true;
    }
  }

  /** Writes `_SUCCESS` for every pending hour of `topic` that all partitions promise complete. */
  async completeHours(topic: string): Promise<void> {
    const hours = this.pending.get(topic);
    if (!hours || hours.size === 0) return;
    const partitions = (await this.admin.fetchTopicOffsets(topic)).map((entry) => entry.partition);
    const promises = await Promise.all(
      partitions.map(
        async (partition) =>
          (await this.checkpoints.read(topic, partition))?.checkpoint.hoursDoneThroughMs,
      ),
    );
    // A partition nobody has promised anything for (never claimed, or an older sink) holds all back.
    if (promises.some((promise) => promise === undefined || promise === null)) return;
    const complete = Math.min(...(promises as number[]));
    for (const hourStartMs of [...hours].sort((a, b) => a - b)) {
      if (hourStartMs + HOUR_MS > complete) continue;
      const folder = bronzeHourPrefix(topic, hourStartMs);
      if (await this.markSuccess(`${folder}_SUCCESS`)) {
        const iso = new Date(hourStartMs).toISOString();
        const event: BronzeFileEvent = {
          kind: 'hour_complete',
          topic,
          dt: iso.slice(0, 10),
          hr: iso.slice(11, 13),
          uri: `s3://${this.bucket}/${folder}`,
        };
        await this.publisher.fileEvents([event]);
        this.metrics.hourMarkers.inc({ topic });
        this.logger.info({ topic, dt: event.dt, hr: event.hr }, 'hour complete');
      }
      this.complete.add(`${topic}:${hourStartMs}`);
      hours.delete(hourStartMs);
    }
  }

  private async isMarked(topic: string, hourStartMs: number): Promise<boolean> {
    const id = `${topic}:${hourStartMs}`;
    if (this.complete.has(id)) return true;
    try {
      await this.s3.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: `${bronzeHourPrefix(topic, hourStartMs)}_SUCCESS`,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    this.complete.add(id);
    return true;
  }

  /** True if this call created the marker; false if another instance already had. */
  private async markSuccess(key: string): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: new Uint8Array(0),
          ContentLength: 0,
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
