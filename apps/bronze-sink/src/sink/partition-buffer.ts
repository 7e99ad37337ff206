import type { BronzeRow } from './record-decoder';

export interface HourGroup {
  hourStartMs: number;
  rows: BronzeRow[];
}

/** Rows of one topic-partition waiting to be written, grouped by the UTC hour they land in. */
export class PartitionBuffer {
  private readonly hours = new Map<number, BronzeRow[]>();
  private bytes = 0;
  private records = 0;
  private oldestAtMs: number | undefined;

  add(row: BronzeRow, nowMs: number): void {
    const rows = this.hours.get(row.hourStartMs);
    if (rows) rows.push(row);
    else this.hours.set(row.hourStartMs, [row]);
    this.bytes += row.bytes;
    this.records++;
    this.oldestAtMs ??= nowMs;
  }

  get bufferedBytes(): number {
    return this.bytes;
  }

  get bufferedRecords(): number {
    return this.records;
  }

  /** The largest number of rows any one hour's file would get. */
  get largestGroup(): number {
    let largest = 0;
    for (const rows of this.hours.values()) largest = Math.max(largest, rows.length);
    return largest;
  }

  /** Milliseconds since the oldest buffered row arrived (0 when empty). */
  ageMs(nowMs: number): number {
    return this.oldestAtMs === undefined ? 0 : nowMs - this.oldestAtMs;
  }

  /** Hands over every buffered row, by hour, and empties the buffer. */
  drain(): HourGroup[] {
    const groups = [...this.hours.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hourStartMs, rows]) => ({ hourStartMs, rows }));
    this.hours.clear();
    this.bytes = 0;
    this.records = 0;
    this.oldestAtMs = undefined;
    return groups;
  }

  /** The earliest hour still buffered, if any. */
  earliestHour(): number | undefined {
    let earliest: number | undefined;
    for (const hour of this.hours.keys())
      earliest = earliest === undefined ? hour : Math.min(earliest, hour);
    return earliest;
  }
}
