import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { retry, TributaryError, type Logger } from '@tributary/runtime';
import type { EventPipeline, IncomingEvent } from '../event-pipeline';
import type { GithubEventsMetrics } from '../metrics';
import type { DeadLetters } from '../publish/dead-letters';
import type { PublishQueue } from '../publish/publish-queue';

const HOUR_MS = 3_600_000;

/** `2025-01-15T00` (an hour, UTC). */
export function parseHour(value: string, flag: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}:00:00Z`) : new Date(Number.NaN);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 13) !== value) {
    throw new TributaryError(
      'USAGE',
      `${flag} must be an hour like 2025-01-15T00 (UTC), got "${value}"`,
    );
  }
  return date;
}

/** GH Archive's file name for an hour: `2025-01-15-0.json.gz` (hour not zero-padded). */
export function archiveFileName(hour: Date): string {
  return `${hour.toISOString().slice(0, 10)}-${hour.getUTCHours()}.json.gz`;
}

const Checkpoint = z.object({
  from: z.string(),
  to: z.string(),
  /** Hours fully read and published. */
  completedHours: z.array(z.string()),
  /** Hours GH Archive does not have (404). */
  missingHours: z.array(z.string()),
  current: z.object({ hour: z.string(), linesDone: z.number().int().nonnegative() }).nullable(),
});
type Checkpoint = z.infer<typeof Checkpoint>;

export interface BackfillOptions {
  from: Date;
  to: Date;
  archiveUrl: string;
  checkpointFile: string;
  /** Lines per pipeline batch. */
  batchLines?: number;
  /** Lines between checkpoints (each one waits until every queue has published). */
  checkpointLines?: number;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface BackfillDeps {
  pipeline: EventPipeline;
  queues: PublishQueue[];
  deadLetters: DeadLetters;
  metrics: GithubEventsMetrics;
  logger: Logger;
}

export interface BackfillSummary {
  hours: number;
  skippedHours: number;
  missingHours: number;
  lines: number;
  badLines: number;
  matched: number;
  duplicates: number;
}

function readCheckpoint(options: BackfillOptions): Checkpoint {
  const from = options.from.toISOString();
  const to = options.to.toISOString();
  if (!existsSync(options.checkpointFile)) {
    return { from, to, completedHours: [], missingHours: [], current: null };
  }
  const checkpoint = Checkpoint.parse(JSON.parse(readFileSync(options.checkpointFile, 'utf8')));
  if (checkpoint.from !== from || checkpoint.to !== to) {
    throw new TributaryError(
      'CHECKPOINT_MISMATCH',
      `checkpoint ${options.checkpointFile} belongs to the backfill ${checkpoint.from} → ${checkpoint.to}; delete it or set BACKFILL_CHECKPOINT_FILE to start ${from} → ${to}`,
    );
  }
  return checkpoint;
}

function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(temporary, file);
}

/**
 * Streams GH Archive hours (gzip, one event per line) through the same pipeline as polling. Resumable:
 * the checkpoint records finished hours and, within the current hour, the lines already published;
 * lines published after the last checkpoint are caught by the dedupe window on resume.
 */
export async function backfill(
  options: BackfillOptions,
  deps: BackfillDeps,
): Promise<BackfillSummary> {
  if (options.to < options.from) {
    throw new TributaryError('USAGE', '--to must not be before --from');
  }
  const checkpoint = readCheckpoint(options);
  const summary: BackfillSummary = {
    hours: 0,
    skippedHours: 0,
    missingHours: 0,
    lines: 0,
    badLines: 0,
    matched: 0,
    duplicates: 0,
  };
  const startedAt = Date.now();
  let lastProgress = startedAt;
  const progressEveryMs = options.progressEveryMs ?? 10_000;

  for (let at = options.from.getTime(); at <= options.to.getTime(); at += HOUR_MS) {
    options.signal?.throwIfAborted();
    const hour = new Date(at);
    const hourKey = hour.toISOString();
    if (checkpoint.completedHours.includes(hourKey) || checkpoint.missingHours.includes(hourKey)) {
      summary.skippedHours += 1;
      continue;
    }
    const resumeAfter = checkpoint.current?.hour === hourKey ? checkpoint.current.linesDone : 0;
    const file = archiveFileName(hour);
    const body = await fetchArchiveHour(
      `${options.archiveUrl}/${file}`,
      deps.logger,
      options.signal,
    );
    if (!body) {
      deps.logger.warn({ file }, 'GH Archive has no such hour (404); recorded as missing');
      checkpoint.missingHours.push(hourKey);
      checkpoint.current = null;
      writeCheckpoint(options.checkpointFile, checkpoint);
      summary.missingHours += 1;
      continue;
    }
    const lines = createInterface({ input: body.pipe(createGunzip()), crlfDelay: Infinity });
    let lineNumber = 0;
    let batch: IncomingEvent[] = [];
    let sinceCheckpoint = 0;
    const flushBatch = async () => {
      if (batch.length === 0) return;
      const result = await deps.pipeline.accept(batch);
      summary.matched += result.matched;
      summary.duplicates += result.duplicates;
      batch = [];
    };
    const saveProgress = async () => {
      await flushBatch();
      await Promise.all(deps.queues.map((queue) => queue.flushed()));
      checkpoint.current = { hour: hourKey, linesDone: lineNumber };
      writeCheckpoint(options.checkpointFile, checkpoint);
      sinceCheckpoint = 0;
    };
    for await (const line of lines) {
      lineNumber += 1;
      if (lineNumber <= resumeAfter || line.trim() === '') continue;
      summary.lines += 1;
      const location = `gharchive ${file}:${lineNumber}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        summary.badLines += 1;
        deps.metrics.backfillLines.inc({ outcome: 'bad' });
        await deps.deadLetters.send([
          { reason: 'malformed_json', detail: (error as Error).message, location, raw: line },
        ]);
        continue;
      }
      deps.metrics.backfillLines.inc({ outcome: 'event' });
      batch.push({ value, location });
      sinceCheckpoint += 1;
      if (batch.length >= (options.batchLines ?? 1_000)) await flushBatch();
      if (sinceCheckpoint >= (options.checkpointLines ?? 5_000)) await saveProgress();
      if (Date.now() - lastProgress >= progressEveryMs) {
        lastProgress = Date.now();
        deps.logger.info(
          {
            hour: file,
            line: lineNumber,
            lines: summary.lines,
            matched: summary.matched,
            linesPerS: Math.round(summary.lines / ((lastProgress - startedAt) / 1000)),
          },
          'backfill progress',
        );
      }
      options.signal?.throwIfAborted();
    }
    await flushBatch();
    await Promise.all(deps.queues.map((queue) => queue.flushed()));
    checkpoint.completedHours.push(hourKey);
    checkpoint.current = null;
    writeCheckpoint(options.checkpointFile, checkpoint);
    summary.hours += 1;
    deps.metrics.backfillHours.inc();
    deps.logger.info({ hour: file, lines: lineNumber }, 'backfill hour done');
  }
  return summary;
}

/** The hour's body, retrying 5xx, 429 and network errors with backoff; undefined for a 404. */
async function fetchArchiveHour(
  url: string,
  logger: Logger,
  signal?: AbortSignal,
): Promise<Readable | undefined> {
  try {
    return await retry(
      async () => {
        const response = await fetch(url, signal ? { signal } : {});
        if (response.status === 404) return undefined;
        if (response.ok && response.body) {
          return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
        }
        const retriable = response.status >= 500 || response.status === 429;
        throw new TributaryError('ARCHIVE_HTTP', `GET ${url} answered ${response.status}`, {
          retriable,
        });
      },
      {
        retries: 8,
        initialMs: 1_000,
        maxMs: 60_000,
        factor: 2,
        // Network errors (fetch rejects with a TypeError) are retried like 5xx; a 4xx is not.
        shouldRetry: (error) =>
          !signal?.aborted && (!(error instanceof TributaryError) || error.retriable),
        onRetry: (error, attempt) =>
          logger.warn({ url, err: error, attempt }, 'GH Archive failed; retrying'),
        ...(signal ? { signal } : {}),
      },
    );
  } catch (error) {
    if (signal?.aborted || (error instanceof TributaryError && !error.retriable)) throw error;
    throw new TributaryError('ARCHIVE_UNAVAILABLE', `GET ${url} kept failing`, { cause: error });
  }
}
