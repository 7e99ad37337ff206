const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → ms at UTC midnight; undefined for anything that is not a real date. */
export function isoDateMs(iso: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? undefined : ms;
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const start = isoDateMs(from);
  const end = isoDateMs(to);
  if (start === undefined || end === undefined)
    throw new RangeError(`bad date range ${from}..${to}`);
  const dates: string[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

/** The NBA season a date belongs to, as stats.nba.com names it: "2024-25" (seasons start in the autumn). */
export function nbaSeason(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const start = Number(iso.slice(5, 7)) >= 8 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The UTC date (`YYYY-MM-DD`) of `ms`. */
export function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Yesterday in UTC, as seen at `ms`: the day whose games the daily crawl collects. */
export function yesterdayOf(ms: number): string {
  return isoDateOf(ms - DAY_MS);
}
