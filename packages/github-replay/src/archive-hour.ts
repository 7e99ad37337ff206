import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { generateEvent } from './event-generator';

/** GH Archive names hours `YYYY-MM-DD-H.json.gz` (hour not zero-padded). */
export const ARCHIVE_FILE = /^(\d{4})-(\d{2})-(\d{2})-(\d{1,2})\.json\.gz$/;

export function parseArchiveFileName(name: string): Date | undefined {
  const match = ARCHIVE_FILE.exec(name);
  if (!match) return undefined;
  const [, year, month, day, hour] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour)));
  const roundTrips =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour);
  return roundTrips ? date : undefined;
}

/** GitHub dropped `commits` from PushEvent payloads in 2025; older archive hours carry them. */
const PUSH_COMMITS_DROPPED_AT = Date.UTC(2025, 7, 1);

export interface ArchiveHourOptions {
  seed: number;
  eventsPerHour: number;
  /** Lines that are not events (truncated JSON, a JSON array), spread over the hour. */
  badLinesPerHour: number;
}

/** The lines of one archive hour: deterministic events in time order, plus the configured bad lines. */
export function* archiveHourLines(hour: Date, options: ArchiveHourOptions): Generator<string> {
  const hourIndex = Math.floor(hour.getTime() / 3_600_000);
  const badEvery =
    options.badLinesPerHour > 0
      ? Math.max(1, Math.floor(options.eventsPerHour / options.badLinesPerHour))
      : 0;
  let bad = 0;
  for (let i = 0; i < options.eventsPerHour; i++) {
    const createdAt = new Date(
      hour.getTime() + Math.floor((i / options.eventsPerHour) * 3_600_000),
    );
    const event = generateEvent({
      seed: options.seed,
      index: hourIndex * 1_000_000 + i,
      createdAt,
      legacyPush: hour.getTime() < PUSH_COMMITS_DROPPED_AT,
    });
    yield JSON.stringify(event);
    if (badEvery > 0 && bad < options.badLinesPerHour && (i + 1) % badEvery === 0) {
      bad += 1;
      yield bad % 2 === 1 ? JSON.stringify(event).slice(0, 40) : '[1,2,3]';
    }
  }
}

/** The gzip stream GH Archive would serve for `hour`. */
export function archiveHourStream(hour: Date, options: ArchiveHourOptions): Readable {
  const lines = archiveHourLines(hour, options);
  const source = Readable.from(
    (function* () {
      for (const line of lines) yield `${line}\n`;
    })(),
  );
  return source.pipe(createGzip());
}
