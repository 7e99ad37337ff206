import {
  CheckpointStore,
  FencedError,
  type Checkpoint,
  type DeadLetterMark,
} from './checkpoint-store';

/** What a commit records beside the offset: the progress that hour completion reads. */
export interface CommitProgress {
  maxEventTimeMs?: number;
  lastRecordAtMs?: number;
  /** The dead-letter mark after this commit (null: no dead letter past the new `nextOffset`). */
  deadLetters?: DeadLetterMark | null;
}

const CLAIM_ATTEMPTS = 5;

/**
 * How long a previous owner's announced files keep being deleted after a takeover. A zombie cannot
 * upload later than this, because every flush is abandoned after FLUSH_DEADLINE_MS.
 */
export const QUARANTINE_MS = 10 * 60_000;
export const FLUSH_DEADLINE_MS = 5 * 60_000;

/**
 * This instance's ownership of one topic-partition in S3. Claiming bumps the checkpoint's epoch with
 * a conditional write, so a previous owner (a zombie after a rebalance) fails its next checkpoint
 * write and can never commit again. Every flush is two conditional writes around the uploads:
 * announce the files (`pending`), upload, then advance `nextOffset`.
 *
 * Data files are never deleted by a fenced writer: a file name is partition + hour + offset range,
 * so the new owner may have written the very same name with the very same records.
 */
export class PartitionLease {
  private readonly writtenSinceClaim = new Set<string>();

  private constructor(
    private readonly store: CheckpointStore,
    private checkpoint: Checkpoint,
    private etag: string,
    private readonly now: () => number,
  ) {}

  /**
   * Takes over the partition. `initialOffset` is asked only when no checkpoint exists yet.
   * Files announced by a flush that never committed are deleted: they hold offsets at or after
   * `nextOffset`, which will be consumed and written again.
   */
  static async claim(
    store: CheckpointStore,
    topic: string,
    partition: number,
    owner: string,
    initialOffset: () => Promise<string>,
    now: () => number = Date.now,
  ): Promise<PartitionLease> {
    let lastError: unknown;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const existing = await store.read(topic, partition);
      const at = new Date(now()).toISOString();
      try {
        if (!existing) {
          const checkpoint: Checkpoint = {
            topic,
            partition,
            nextOffset: await initialOffset(),
            owner,
            epoch: 1,
            pending: [],
            quarantine: [],
            quarantineUntil: null,
            updatedAt: at,
          };
          return new PartitionLease(
            store,
            checkpoint,
            await store.write(checkpoint, undefined),
            now,
          );
        }
        const previous = existing.checkpoint;
        const orphans = [...new Set([...previous.pending, ...previous.quarantine])];
        const checkpoint: Checkpoint = {
          ...previous,
          owner,
          epoch: previous.epoch + 1,
          pending: [],
          quarantine: orphans,
          quarantineUntil:
            orphans.length > 0 ? new Date(now() + QUARANTINE_MS).toISOString() : null,
          updatedAt: at,
        };
        const lease = new PartitionLease(
          store,
          checkpoint,
          await store.write(checkpoint, existing.etag),
          now,
        );
        // Only after the write proved we own the partition: a claimer that loses the race to the
        // owner's commit must not delete the files that commit makes part of bronze.
        await lease.deleteQuietly(orphans);
        return lease;
      } catch (error) {
        if (!(error instanceof FencedError)) throw error;
        lastError = error; // Another instance claimed at the same moment: read again.
      }
    }
    throw lastError;
  }

  get nextOffset(): bigint {
    return BigInt(this.checkpoint.nextOffset);
  }

  get epoch(): number {
    return this.checkpoint.epoch;
  }

  /** The committed progress the checkpoint holds (undefined where it was never recorded). */
  get progress(): {
    maxEventTimeMs?: number;
    lastRecordAtMs?: number;
    hoursDoneThroughMs?: number;
  } {
    const { maxEventTimeMs, lastRecordAtMs, hoursDoneThroughMs } = this.checkpoint;
    return {
      ...(maxEventTimeMs != null ? { maxEventTimeMs } : {}),
      ...(lastRecordAtMs != null ? { lastRecordAtMs } : {}),
      ...(hoursDoneThroughMs != null ? { hoursDoneThroughMs } : {}),
    };
  }

  get deadLetterMark(): DeadLetterMark | undefined {
    return this.checkpoint.deadLetters ?? undefined;
  }

  /**
   * Records the hour-completion watermark or the dead-letter mark; throws FencedError if another
   * writer took over (so a fenced owner can promise nothing about the partition).
   */
  async update(
    changes: Partial<Pick<Checkpoint, 'hoursDoneThroughMs' | 'deadLetters'>>,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.write({ ...this.checkpoint, ...changes }, signal);
  }

  private async write(checkpoint: Checkpoint, signal?: AbortSignal): Promise<void> {
    const next = { ...checkpoint, updatedAt: new Date(this.now()).toISOString() };
    this.etag = await this.store.write(next, this.etag, signal);
    this.checkpoint = next;
  }

  /** Records the files about to be uploaded; throws FencedError if another writer took over. */
  async beginFlush(keys: readonly string[], signal?: AbortSignal): Promise<void> {
    // Files of an earlier flush that failed stay announced until a commit deletes them.
    await this.write(
      { ...this.checkpoint, pending: [...new Set([...this.checkpoint.pending, ...keys])] },
      signal,
    );
  }

  /** Makes the uploaded files part of bronze by advancing `nextOffset`; throws FencedError if fenced. */
  async commitFlush(
    nextOffset: bigint,
    uploadedKeys: readonly string[],
    signal?: AbortSignal,
    progress: CommitProgress = {},
  ): Promise<void> {
    const uploaded = new Set(uploadedKeys);
    for (const key of uploaded) this.writtenSinceClaim.add(key);
    // Announced by a flush of ours that failed, and not written again now: never part of bronze.
    const strays = this.checkpoint.pending.filter((key) => !uploaded.has(key));
    const nowMs = this.now();
    const quarantineActive =
      this.checkpoint.quarantineUntil !== null &&
      nowMs < Date.parse(this.checkpoint.quarantineUntil);
    // A quarantined name we have since written holds our committed records now: it leaves quarantine,
    // or a later owner's claim would delete committed data.
    const inherited = this.checkpoint.quarantine.filter((key) => !this.writtenSinceClaim.has(key));
    const unwanted = [...new Set([...inherited, ...strays])];
    // Names stay listed until their quarantine ends, so a crash before the delete below, or an
    // upload of ours that S3 completes after we gave up on it, is cleaned up all the same.
    const quarantine = [...new Set([...(quarantineActive ? inherited : []), ...strays])];
    const quarantineUntil =
      strays.length > 0
        ? new Date(nowMs + QUARANTINE_MS).toISOString()
        : quarantine.length > 0
          ? this.checkpoint.quarantineUntil
          : null;
    await this.write(
      {
        ...this.checkpoint,
        ...progress,
        nextOffset: nextOffset.toString(),
        pending: [],
        quarantine,
        quarantineUntil,
      },
      signal,
    );
    // After the write, never before: a fenced writer must not delete, its names can be the new owner's.
    await this.deleteQuietly(unwanted);
  }

  /**
   * Best effort: what is not deleted now is still listed in the checkpoint's quarantine and deleted
   * again by the next commit or claim.
   */
  private async deleteQuietly(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.store.deleteObjects(keys).catch(() => undefined);
  }
}
