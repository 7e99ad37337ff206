import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { retry, TributaryError, type Logger } from '@tributary/runtime';
import type { EventPipeline, IncomingEvent } from '../event-pipeline';
import type { GithubEventsMetrics } from '../metrics';
import type { DeadLetters } from '../publish/dead-letters';
import type { PublishQueue } from '../publish/publish-queue';
import { classifyNetworkFailure } from '../poller/upstream-failure';
import { BackfillProgress } from './backfill-progress';

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

/** `2025-01-15T03`: how the command line and the logs name an hour. */
export function hourLabel(hour: Date): string {
  return hour.toISOString().slice(0, 13);
}

/**
 * The default checkpoint of a backfill: one file per output topic and range, so another range or
 * another topic never picks up (or refuses) someone else's progress.
 */
export function defaultCheckpointFile(
  stateDir: string,
  topic: string,
  range: { from: Date; to: Date },
): string {
  return join(
    stateDir,
    'github-events-backfill',
    topic,
    `${hourLabel(range.from)}--${hourLabel(range.to)}.json`,
  );
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
  /** Hours read by this run. */
  hours: number;
  /** Hours the checkpoint already had (done or missing before this run). */
  skippedHours: number;
  /** Hours GH Archive does not have (404). */
  missingHours: number;
  lines: number;
  /** Lines that were not JSON (dead-lettered as malformed_json). */
  malformedLines: number;
  matched: number;
  duplicates: number;
  /**
   * Everything this run sent to the dead-letter topic, by reason (malformed_json, schema_invalid,
   * too_large): the same counts as the letters this run added to `<topic>.dlq`.
   */
  deadLettered: Record<string, number>;
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
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The dead letters counted so far, by reason (the metric every dead letter increments). */
async function deadLetterCounts(metrics: GithubEventsMetrics): Promise<Map<string, number>> {
  const { values } = await metrics.deadLetters.get();
  return new Map(values.map((value) => [String(value.labels.reason), value.value]));
}

/** Counts the compressed bytes flowing through, for the share of an hour read. */
function byteCounter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/**
 * Streams GH Archive hours (gzip, one event per line) through the same pipeline as polling. Resumable:
 * the checkpoint records finished hours and, within the current hour, the lines already published;
 * lines published after the last checkpoint are caught by the dedupe window on resume. Logs "hour N of
 * M" with the time left every `progressEveryMs` and at each hour's end.
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
    malformedLines: 0,
    matched: 0,
    duplicates: 0,
    deadLettered: {},
  };
  const lettersBefore = await deadLetterCounts(deps.metrics);
  const hours: Date[] = [];
  for (let at = options.from.getTime(); at <= options.to.getTime(); at += HOUR_MS) {
    hours.push(new Date(at));
  }
  const alreadyDone = (hour: Date) =>
    checkpoint.completedHours.includes(hour.toISOString()) ||
    checkpoint.missingHours.includes(hour.toISOString());
  const progress = new BackfillProgress(hours.filter((hour) => !alreadyDone(hour)).length);
  const startedAt = Date.now();
  let lastProgress = startedAt;
  const progressEveryMs = options.progressEveryMs ?? 10_000;

  for (const [index, hour] of hours.entries()) {
    options.signal?.throwIfAborted();
    const hourKey = hour.toISOString();
    const position = `hour ${index + 1} of ${hours.length} (${hourLabel(hour)})`;
    if (alreadyDone(hour)) {
      summary.skippedHours += 1;
      continue;
    }
    const resumeAfter = checkpoint.current?.hour === hourKey ? checkpoint.current.linesDone : 0;
    const file = archiveFileName(hour);
    const archived = await fetchArchiveHour(
      `${options.archiveUrl}/${file}`,
      deps.logger,
      options.signal,
    );
    if (!archived) {
      deps.logger.warn(
        { file },
        `${position}: GH Archive has no such hour (404); recorded as missing`,
      );
      checkpoint.missingHours.push(hourKey);
      checkpoint.current = null;
      writeCheckpoint(options.checkpointFile, checkpoint);
      summary.missingHours += 1;
      progress.hourDone();
      continue;
    }
    const counted = archived.body.pipe(
      byteCounter((bytes) => {
        if (archived.bytes) progress.within(bytes / archived.bytes);
      }),
    );
    const lines = createInterface({ input: counted.pipe(createGunzip()), crlfDelay: Infinity });
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
        summary.malformedLines += 1;
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
            hour: hourLabel(hour),
            hourIndex: index + 1,
            hourCount: hours.length,
            line: lineNumber,
            lines: summary.lines,
            matched: summary.matched,
            linesPerS: Math.round(summary.lines / ((lastProgress - startedAt) / 1000)),
            percent: Math.round(progress.fraction() * 100),
          },
          `backfill progress: ${position}, ${Math.round(progress.fraction() * 100)} % of this run; ${progress.remainingText()}`,
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
    progress.hourDone();
    deps.metrics.backfillFiles.inc();
    deps.logger.info(
      { hour: hourLabel(hour), lines: lineNumber },
      `backfill ${position} done: ${lineNumber.toLocaleString('en-US')} lines; ${progress.remainingText()}`,
    );
  }
  const lettersAfter = await deadLetterCounts(deps.metrics);
  for (const [reason, total] of lettersAfter) {
    const added = total - (lettersBefore.get(reason) ?? 0);
    if (added > 0) summary.deadLettered[reason] = added;
  }
  return summary;
}

/**
 * The hour's body and its compressed size when known, retrying 5xx, 429 and network errors with
 * backoff (each retry logged saying what failed); undefined for a 404.
 */
async function fetchArchiveHour(
  url: string,
  logger: Logger,
  signal?: AbortSignal,
): Promise<{ body: Readable; bytes?: number } | undefined> {
  const host = new URL(url).host;
  try {
    return await retry(
      async () => {
        const response = await fetch(url, signal ? { signal } : {});
        if (response.status === 404) return undefined;
        if (response.ok && response.body) {
          const bytes = Number(response.headers.get('content-length'));
          return {
            body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
            ...(Number.isFinite(bytes) && bytes > 0 ? { bytes } : {}),
          };
        }
        const retriable = response.status >= 500 || response.status === 429;
        throw new TributaryError('ARCHIVE_HTTP', `GET ${url} answered HTTP ${response.status}`, {
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
        onRetry: (error, attempt, delayMs) =>
          logger.warn(
            { url, attempt, delayMs },
            `GH Archive failed: ${error instanceof TributaryError ? error.message : classifyNetworkFailure(error, host).detail}; retry ${attempt} in ${Math.round(delayMs / 1000)} s`,
          ),
        ...(signal ? { signal } : {}),
      },
    );
  } catch (error) {
    if (signal?.aborted || (error instanceof TributaryError && !error.retriable)) throw error;
    const what =
      error instanceof TributaryError ? error.message : classifyNetworkFailure(error, host).detail;
    throw new TributaryError('ARCHIVE_UNAVAILABLE', `GET ${url} kept failing: ${what}`, {
      cause: error,
    });
  }
}
