import { releaseNow } from '../support/buffers';
import type { HourChunk } from '../decode/record-batch';

export interface HourGroup {
  hourStartMs: number;
  chunks: HourChunk[];
}

/** Frees the Arrow memory of chunks that will not be written (their rows were given up). */
export function releaseChunks(groups: readonly HourGroup[]): void {
  for (const group of groups) for (const chunk of group.chunks) releaseNow(chunk.data);
}

/** Decoded batches of one topic-partition waiting to be written, grouped by the UTC hour they land in. */
export class PartitionBuffer {
  private readonly hours = new Map<number, { chunks: HourChunk[]; rows: number }>();
  private bytes = 0;
  private records = 0;
  private oldestAtMs: number | undefined;

  add(chunk: HourChunk, nowMs: number): void {
    const hour = this.hours.get(chunk.hourStartMs);
    if (hour) {
      hour.chunks.push(chunk);
      hour.rows += chunk.rows;
    } else this.hours.set(chunk.hourStartMs, { chunks: [chunk], rows: chunk.rows });
    this.bytes += chunk.data.byteLength;
    this.records += chunk.rows;
    this.oldestAtMs ??= nowMs;
  }

  /** Bytes of the held chunks (outside the V8 heap), what the memory budget counts. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  get bufferedRecords(): number {
    return this.records;
  }

  /** The largest number of rows any one hour's file would get. */
  get largestGroup(): number {
    let largest = 0;
    for (const hour of this.hours.values()) largest = Math.max(largest, hour.rows);
    return largest;
  }

  /** Milliseconds since the oldest buffered row arrived (0 when empty). */
  ageMs(nowMs: number): number {
    return this.oldestAtMs === undefined ? 0 : nowMs - this.oldestAtMs;
  }

  /** Hands over every buffered chunk, by hour, with their held bytes, and empties the buffer. */
  drain(): { groups: HourGroup[]; bytes: number } {
    const groups = [...this.hours.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hourStartMs, { chunks }]) => ({ hourStartMs, chunks }));
    const bytes = this.bytes;
    this.hours.clear();
    this.bytes = 0;
    this.records = 0;
    this.oldestAtMs = undefined;
    return { groups, bytes };
  }

  /** Drops every buffered chunk and frees its memory now. */
  release(): void {
    releaseChunks(this.drain().groups);
  }

  /** The earliest hour still buffered, if any. */
  earliestHour(): number | undefined {
    let earliest: number | undefined;
    for (const hour of this.hours.keys())
      earliest = earliest === undefined ? hour : Math.min(earliest, hour);
    return earliest;
  }
}
