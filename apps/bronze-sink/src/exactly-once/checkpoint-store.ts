import {
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { TributaryError } from '@tributary/runtime';
import { isConditionFailed, isNotFound } from '@tributary/runtime/aws';
import { retryS3 } from '../support/s3-retry';

/**
 * Where, on each partition of `<topic>.dlq`, a dead letter of this partition's records at or after
 * the checkpoint's `nextOffset` can first be: a new owner reads the dead-letter topic from there to
 * know which it must not send again (dead-letter-log.ts).
 */
export const DeadLetterMark = z.object({ from: z.record(z.string(), z.string().regex(/^\d+$/)) });
export type DeadLetterMark = z.infer<typeof DeadLetterMark>;

/**
 * What has landed for one topic-partition: every offset below `nextOffset` is in bronze exactly once.
 * `pending` names files a flush is writing right now (deleted on recovery if the flush never
 * committed); `quarantine` holds a previous owner's pending files, deleted again at every commit until
 * `quarantineUntil`, in case that owner was a zombie still uploading (its flushes have a deadline).
 * The progress fields (absent in checkpoints written before them) let any instance judge the hours:
 * `maxEventTimeMs` and `lastRecordAtMs` are the latest row time and Kafka timestamp committed, and
 * `hoursDoneThroughMs` is the owner's promise that it holds no row of an earlier hour
 * (hour-completion.ts). `deadLetters` is set once the partition has dead letters past `nextOffset`.
 */
export const Checkpoint = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  nextOffset: z.string().regex(/^\d+$/),
  owner: z.string(),
  epoch: z.number().int().positive(),
  pending: z.array(z.string()),
  quarantine: z.array(z.string()),
  quarantineUntil: z.string().nullable(),
  updatedAt: z.string(),
  maxEventTimeMs: z.number().nullable().optional(),
  lastRecordAtMs: z.number().nullable().optional(),
  hoursDoneThroughMs: z.number().nullable().optional(),
  deadLetters: DeadLetterMark.nullable().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** Another writer changed the checkpoint since we read it: we no longer own the partition. */
export class FencedError extends TributaryError {
  constructor(topic: string, partition: number, cause?: unknown) {
    super('FENCED', `checkpoint of ${topic}[${partition}] was changed by another writer`, {
      cause,
    });
  }
}

/** Per-partition checkpoint objects in S3, written only with conditional writes (compare-and-swap on the ETag). */
export class CheckpointStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  key(topic: string, partition: number): string {
    return `${this.prefix}/${topic}/${partition}.json`;
  }

  async read(
    topic: string,
    partition: number,
    signal?: AbortSignal,
  ): Promise<{ checkpoint: Checkpoint; etag: string } | undefined> {
    return this.withRetries(signal, async () => {
      try {
        const response = await this.s3.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: this.key(topic, partition) }),
          { abortSignal: signal },
        );
        const text = (await response.Body?.transformToString()) ?? '';
        if (!response.ETag) throw new Error('S3 returned no ETag for the checkpoint');
        return { checkpoint: Checkpoint.parse(JSON.parse(text)), etag: response.ETag };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  /**
   * Writes `checkpoint` only if the stored one still has `etag` (or, with `undefined`, none exists).
   * Transient failures are retried until `signal` aborts. A retry that finds the precondition failed
   * checks whether its own earlier attempt is what changed the object (a lost response).
   */
  async write(
    checkpoint: Checkpoint,
    etag: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const body = JSON.stringify(checkpoint);
    let attempts = 0;
    return this.withRetries(signal, async () => {
      attempts++;
      try {
        const response = await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: this.key(checkpoint.topic, checkpoint.partition),
            Body: body,
            ContentType: 'application/json',
            ...(etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag }),
          }),
          { abortSignal: signal },
        );
        if (!response.ETag) throw new Error('S3 returned no ETag for the checkpoint write');
        return response.ETag;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        if (attempts > 1) {
          const stored = await this.read(checkpoint.topic, checkpoint.partition, signal);
          if (stored && JSON.stringify(stored.checkpoint) === body) return stored.etag;
        }
        throw new FencedError(checkpoint.topic, checkpoint.partition, error);
      }
    });
  }

  private withRetries<T>(signal: AbortSignal | undefined, operation: () => Promise<T>): Promise<T> {
    return retryS3(operation, { signal });
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }
}
