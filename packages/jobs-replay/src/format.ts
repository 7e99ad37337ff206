/** Date formats the sources use, each exactly as the source writes it. */

const { abs, floor, round, trunc } = Math;

function pad(value: number, width = 2): string {
  return `${trunc(value)}`.padStart(width, '0');
}

function parts(ms: number): { date: string; time: string } {
  const d = new Date(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  };
}

/** "2026-08-25T17:40:40-04:00" (Greenhouse): local time at a UTC offset in hours. */
export function isoWithOffset(ms: number, offsetHours: number): string {
  const local = parts(ms + offsetHours * 3_600_000);
  const sign = offsetHours < 0 ? '-' : '+';
  const minutes = round(abs(offsetHours) * 60);
  return `${local.date}T${local.time}${sign}${pad(floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** "2026-04-22T19:18:15.881Z" (SmartRecruiters). */
export function isoMillisZ(ms: number): string {
  return new Date(ms).toISOString();
}

/** "2021-04-30T16:21:55.393+00:00" (Ashby). */
export function isoMillisUtcOffset(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** "2026-09-14T09:30:00" (Remotive: no zone at all). */
export function isoNoZone(ms: number): string {
  const { date, time } = parts(ms);
  return `${date}T${time}`;
}

/** "2026-09-29T14:32:46+00:00" (Jobicy, RemoteOK). */
export function isoSecondsUtcOffset(ms: number): string {
  const { date, time } = parts(ms);
  return `${date}T${time}+00:00`;
}

/** "2025-01-02T16:05:12Z" (HN Search). */
export function isoSecondsZ(ms: number): string {
  const { date, time } = parts(ms);
  return `${date}T${time}Z`;
}

/** "2024-12-07 15:33:17" (Jobicy's lastUpdate). */
export function sqlDateTime(ms: number): string {
  const { date, time } = parts(ms);
  return `${date} ${time}`;
}

export function unixSeconds(ms: number): number {
  return floor(ms / 1000);
}
