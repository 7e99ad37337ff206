import { simulateGame, type PlayedGame } from './game-simulator';
import { LruCache } from './lru-cache';
import { leagueRosters, type Roster } from './rosters';
import {
  datesBetween,
  dateOfGameId,
  dateOfNbaGameId,
  isoDateToMs,
  scheduleDay,
  type ScheduledGame,
} from './schedule';
import type { Team } from './teams';

export interface LeagueOptions {
  seed: number;
  /** First date with games (ISO, inclusive). */
  from: string;
  /** Last date with games (ISO, inclusive). */
  to: string;
  /** Played days kept in memory (default 60; replaying a day takes a few milliseconds). */
  cachedDays?: number;
}

/** How big a full crawl of the site is, from the schedule alone (nothing simulated). */
export interface CrawlSize {
  days: number;
  daysWithGames: number;
  games: number;
  /** Day pages + game pages + shot-chart pages. */
  htmlPages: number;
}

/**
 * The season the site serves: a seed and a date range. Dates outside the range have no games.
 * Every day is a pure function of (seed, date); played days are cached.
 */
export class League {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  private readonly rosterByTeam: Map<string, Roster>;
  private readonly days: LruCache<string, PlayedGame[]>;

  constructor(options: LeagueOptions) {
    const start = isoDateToMs(options.from);
    const end = isoDateToMs(options.to);
    if (start === undefined || end === undefined || start > end) {
      throw new RangeError(`invalid date range ${options.from}..${options.to}`);
    }
    this.seed = options.seed;
    this.from = options.from;
    this.to = options.to;
    this.rosterByTeam = new Map(
      leagueRosters(options.seed).map((roster) => [roster.team.abbr, roster]),
    );
    this.days = new LruCache(options.cachedDays ?? 60);
  }

  dates(): string[] {
    return datesBetween(this.from, this.to);
  }

  inRange(date: string): boolean {
    return date >= this.from && date <= this.to && isoDateToMs(date) !== undefined;
  }

  roster(team: Team): Roster {
    const roster = this.rosterByTeam.get(team.abbr);
    if (!roster) throw new Error(`no roster for ${team.abbr}`);
    return roster;
  }

  /** The day's games without playing them (cheap). */
  schedule(date: string): ScheduledGame[] {
    return this.inRange(date) ? scheduleDay(this.seed, date) : [];
  }

  /** The day's games, played. */
  day(date: string): PlayedGame[] {
    const cached = this.days.get(date);
    if (cached) return cached;
    const played = this.schedule(date).map((game) =>
      simulateGame(this.seed, game, { home: this.roster(game.home), away: this.roster(game.away) }),
    );
    this.days.set(date, played);
    return played;
  }

  /** By basketball-reference id ("202410220BOS"). */
  game(gameId: string): PlayedGame | undefined {
    const date = dateOfGameId(gameId);
    return date === undefined ? undefined : this.day(date).find((game) => game.gameId === gameId);
  }

  /** By stats.nba.com GAME_ID ("0022400123"). */
  gameByNbaId(nbaGameId: string): PlayedGame | undefined {
    const date = dateOfNbaGameId(nbaGameId);
    return date === undefined
      ? undefined
      : this.day(date).find((game) => game.nbaGameId === nbaGameId);
  }

  crawlSize(): CrawlSize {
    let daysWithGames = 0;
    let games = 0;
    const dates = this.dates();
    for (const date of dates) {
      const count = this.schedule(date).length;
      games += count;
      if (count > 0) daysWithGames += 1;
    }
    return { days: dates.length, daysWithGames, games, htmlPages: dates.length + games * 2 };
  }
}
