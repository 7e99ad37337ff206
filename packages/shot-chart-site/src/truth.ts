import type { ShotChartShot } from '@tributary/schemas';
import { chartFeet, chartPixels, zoneAreaOf, zoneRangeOf } from './court';
import type { GameShot, PlayedGame } from './game-simulator';
import { formatClock, periodLabel, shotTip } from './tip';

/** One shot's facts, normalized: what a spider should recover from either view. */
export interface TruthShot {
  /** basketball-reference game id. */
  gameId: string;
  /** stats.nba.com GAME_ID. */
  nbaGameId: string;
  date: string;
  /** GAME_EVENT_ID (only the JSON view shows it). */
  eventId: number;
  period: number;
  periodLabel: string;
  /** "11:42.0" (tenths left in the period: clockTenths). */
  clock: string;
  clockTenths: number;
  minutesRemaining: number;
  secondsRemaining: number;
  /** basketball-reference abbreviation of the shooting team. */
  team: string;
  teamName: string;
  teamId: number;
  opponent: string;
  home: boolean;
  playerId: number;
  playerName: string;
  made: boolean;
  points: 2 | 3;
  distanceFt: number;
  /** Feet from the chart's top-left corner (left sideline, baseline). */
  xFt: number;
  yFt: number;
  /** Tenths of a foot from the hoop (stats.nba.com LOC_X / LOC_Y). */
  locX: number;
  locY: number;
  topPx: number;
  leftPx: number;
  zoneBasic: string;
  zoneArea: string;
  zoneRange: string;
  actionType: string;
  /** Score after the shot. */
  homeScore: number;
  awayScore: number;
  /** The `tip` attribute exactly as served. */
  tip: string;
}

export interface TruthTeamLine {
  abbr: string;
  nbaAbbr: string;
  name: string;
  teamId: number;
  score: number;
  shots: number;
  made: number;
}

export interface TruthGame {
  gameId: string;
  nbaGameId: string;
  date: string;
  overtimes: number;
  home: TruthTeamLine;
  away: TruthTeamLine;
  shots: number;
}

export function truthShot(game: PlayedGame, shot: GameShot): TruthShot {
  const team = shot.side === 'home' ? game.home : game.away;
  const opponent = shot.side === 'home' ? game.away : game.home;
  return {
    gameId: game.gameId,
    nbaGameId: game.nbaGameId,
    date: game.date,
    eventId: shot.eventId,
    period: shot.period,
    periodLabel: periodLabel(shot.period),
    clock: formatClock(shot.clockTenths),
    clockTenths: shot.clockTenths,
    minutesRemaining: Math.floor(shot.clockTenths / 600),
    secondsRemaining: Math.floor((shot.clockTenths % 600) / 10),
    team: team.abbr,
    teamName: team.shortName,
    teamId: team.teamId,
    opponent: opponent.abbr,
    home: shot.side === 'home',
    playerId: shot.player.playerId,
    playerName: shot.player.name,
    made: shot.made,
    points: shot.points,
    distanceFt: shot.distanceFt,
    ...chartFeet(shot.point),
    locX: shot.point.locX,
    locY: shot.point.locY,
    ...chartPixels(shot.point),
    zoneBasic: shot.zone,
    zoneArea: zoneAreaOf(shot.point),
    zoneRange: zoneRangeOf(shot.point),
    actionType: shot.actionType,
    homeScore: shot.homeScore,
    awayScore: shot.awayScore,
    tip: shotTip(game, shot),
  };
}

export function truthShots(game: PlayedGame): TruthShot[] {
  return game.shots.map((shot) => truthShot(game, shot));
}

export function truthGame(game: PlayedGame): TruthGame {
  const line = (side: 'home' | 'away'): TruthTeamLine => {
    const team = game[side];
    const shots = game.shots.filter((shot) => shot.side === side);
    return {
      abbr: team.abbr,
      nbaAbbr: team.nbaAbbr,
      name: team.shortName,
      teamId: team.teamId,
      score: side === 'home' ? game.homeScore : game.awayScore,
      shots: shots.length,
      made: shots.filter((shot) => shot.made).length,
    };
  };
  return {
    gameId: game.gameId,
    nbaGameId: game.nbaGameId,
    date: game.date,
    overtimes: game.overtimes,
    home: line('home'),
    away: line('away'),
    shots: game.shots.length,
  };
}

/** The record the shot-chart spider publishes (stats.nba.com semantics), for this shot. */
export function toShotChartShot(game: PlayedGame, shot: TruthShot): ShotChartShot {
  return {
    game_id: shot.nbaGameId,
    game_event_id: shot.eventId,
    game_date: shot.date,
    player_id: shot.playerId,
    player_name: shot.playerName,
    team_id: shot.teamId,
    period: shot.period,
    minutes_remaining: shot.minutesRemaining,
    seconds_remaining: shot.secondsRemaining,
    action_type: shot.actionType,
    shot_type: shot.points === 3 ? '3PT Field Goal' : '2PT Field Goal',
    shot_zone_basic: shot.zoneBasic,
    shot_zone_area: shot.zoneArea,
    shot_zone_range: shot.zoneRange,
    shot_distance: shot.distanceFt,
    loc_x: shot.locX,
    loc_y: shot.locY,
    shot_made: shot.made,
    home_team: game.home.nbaAbbr,
    visitor_team: game.away.nbaAbbr,
  };
}
