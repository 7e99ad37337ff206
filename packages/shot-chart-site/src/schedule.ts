import { Rng } from './random';
import { TEAMS, type Team } from './teams';

/** One game on the calendar, before it is played. */
export interface ScheduledGame {
  /** basketball-reference id: date, '0', home abbreviation ("202410220BOS"). */
  gameId: string;
  /** stats.nba.com GAME_ID: "002" (regular season), season start year, 5-digit number. */
  nbaGameId: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** Position in the day's list, from 0. */
  sequence: number;
  home: Team;
  away: Team;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of an ISO date at 00:00 UTC, or undefined when it is not a date. */
export function isoDateToMs(iso: string): number | undefined {
  const match = ISO_DATE.exec(iso);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms;
}

export function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoDateFromParts(year: number, month: number, day: number): string | undefined {
  if (![year, month, day].every(Number.isInteger)) return undefined;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isoDateToMs(iso) === undefined ? undefined : iso;
}

export function addDays(iso: string, days: number): string {
  const ms = isoDateToMs(iso);
  if (ms === undefined) throw new RangeError(`not an ISO date: ${iso}`);
  return isoDateOf(ms + days * DAY_MS);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const start = isoDateToMs(from);
  const end = isoDateToMs(to);
  if (start === undefined || end === undefined) throw new RangeError(`bad range ${from}..${to}`);
  const dates: string[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) dates.push(isoDateOf(ms));
  return dates;
}

/** A season starts on August 1: 2024-10-22 and 2025-04-13 are both in the 2024-25 season. */
export function seasonStartYear(iso: string): number {
  const year = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 8 ? year : year - 1;
}

/** stats.nba.com's Season parameter: "2024-25". */
export function seasonLabel(iso: string): string {
  const start = seasonStartYear(iso);
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function nbaGameIdFor(date: string, sequence: number): string {
  const start = seasonStartYear(date);
  const dayOfSeason = Math.round(((isoDateToMs(date) ?? 0) - Date.UTC(start, 7, 1)) / DAY_MS);
  const number = dayOfSeason * 16 + sequence + 1;
  return `002${String(start % 100).padStart(2, '0')}${String(number).padStart(5, '0')}`;
}

/** How many games a date has: about one day in twelve has none, otherwise 1 to 15. */
function gameCount(rng: Rng): number {
  if (rng.chance(0.08)) return 0;
  let count = 0;
  for (let i = 0; i < 15; i += 1) if (rng.chance(0.5)) count += 1;
  return Math.max(1, count);
}

/** The day's games for a seed; depends on nothing but (seed, date), so any range agrees. */
export function scheduleDay(seed: number, date: string): ScheduledGame[] {
  if (isoDateToMs(date) === undefined) throw new RangeError(`not an ISO date: ${date}`);
  const rng = new Rng(seed, 'schedule', date);
  const count = gameCount(rng);
  const teams = rng.shuffle(TEAMS).slice(0, count * 2);
  const compact = date.replaceAll('-', '');
  const games: ScheduledGame[] = [];
  for (let sequence = 0; sequence < count; sequence += 1) {
    const home = teams[sequence * 2] as Team;
    const away = teams[sequence * 2 + 1] as Team;
    games.push({
      gameId: `${compact}0${home.abbr}`,
      nbaGameId: nbaGameIdFor(date, sequence),
      date,
      sequence,
      home,
      away,
    });
  }
  return games;
}

/** The date a basketball-reference game id was played on, if the id is well formed. */
export function dateOfGameId(gameId: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})0([A-Z]{3})$/.exec(gameId);
  if (!match) return undefined;
  return isoDateFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The date a stats.nba.com GAME_ID was played on (inverse of the numbering above). */
export function dateOfNbaGameId(nbaGameId: string): string | undefined {
  const match = /^002(\d{2})(\d{5})$/.exec(nbaGameId);
  if (!match) return undefined;
  const startYear = 2000 + Number(match[1]);
  const number = Number(match[2]) - 1;
  if (number < 0) return undefined;
  return isoDateOf(Date.UTC(startYear, 7, 1) + Math.floor(number / 16) * DAY_MS);
}
