import {
  GetObjectCommand,
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
import type { SinkPublisher } from '../writing/sink-publisher';

interface Watermark {
  doneThroughMs: number;
  updatedAt: string;
}

/**
 * Decides when an hour folder can no longer receive records and marks it: every partition owner
 * publishes how far its committed data is complete (a small object per partition); when the minimum
 * over all partitions of a topic passes an hour's end, `_SUCCESS` is written there with
 * `If-None-Match: *` — so exactly one instance wins — and the winner publishes `hour_complete`.
 */
export class HourCompletion {
  private readonly pending = new Map<string, Set<number>>();
  private readonly published = new Map<string, number>();

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly admin: Admin,
    private readonly publisher: SinkPublisher,
    private readonly metrics: SinkMetrics,
    private readonly logger: Logger,
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
        if (!(await this.exists(`${folder.Prefix}_SUCCESS`))) this.noteFile(topic, hourStartMs);
      }
    }
  }

  private watermarkKey(topic: string, partition: number): string {
    return `${this.prefix}/${topic}/${partition}.json`;
  }

  async publishWatermark(topic: string, partition: number, doneThroughMs: number): Promise<void> {
    const key = this.watermarkKey(topic, partition);
    if ((this.published.get(key) ?? Number.NEGATIVE_INFINITY) >= doneThroughMs) return;
    const watermark: Watermark = { doneThroughMs, updatedAt: new Date().toISOString() };
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(watermark),
        ContentType: 'application/json',
      }),
    );
    this.published.set(key, doneThroughMs);
  }

  private async readWatermark(topic: string, partition: number): Promise<number | undefined> {
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.watermarkKey(topic, partition) }),
      );
      return (JSON.parse((await response.Body?.transformToString()) ?? '{}') as Watermark)
        .doneThroughMs;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Writes `_SUCCESS` for every pending hour of `topic` that all partitions have passed. */
  async completeHours(topic: string): Promise<void> {
    const hours = this.pending.get(topic);
    if (!hours || hours.size === 0) return;
    const partitions = (await this.admin.fetchTopicOffsets(topic)).map((entry) => entry.partition);
    const watermarks = await Promise.all(
      partitions.map((partition) => this.readWatermark(topic, partition)),
    );
    if (watermarks.some((watermark) => watermark === undefined)) return;
    const complete = Math.min(...(watermarks as number[]));
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
        this.metrics.hoursCompleted.inc({ topic });
        this.logger.info({ topic, dt: event.dt, hr: event.hr }, 'hour complete');
      }
      hours.delete(hourStartMs);
    }
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
