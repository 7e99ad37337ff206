import {
  isThreePointer,
  sampleActionType,
  sampleShotPoint,
  shotDistanceFt,
  ZONE_MAKE_PROBABILITY,
  type CourtPoint,
  type ShotZone,
} from './court';
import { Rng } from './random';
import type { Player, Roster } from './rosters';
import type { ScheduledGame } from './schedule';

export type Side = 'home' | 'away';

/** One field-goal attempt as it happened; everything both views print is derived from this. */
export interface GameShot {
  /** stats.nba.com GAME_EVENT_ID: increasing through the game, with gaps for other events. */
  eventId: number;
  /** 1-4 quarters, 5+ overtimes. */
  period: number;
  /** Tenths of a second left in the period. */
  clockTenths: number;
  side: Side;
  player: Player;
  point: CourtPoint;
  zone: ShotZone;
  actionType: string;
  points: 2 | 3;
  made: boolean;
  distanceFt: number;
  /** Score after this shot (free throws before it included). */
  homeScore: number;
  awayScore: number;
}

/** A trip to the line: never on a shot chart, but it moves the running score. */
export interface FreeThrowTrip {
  eventId: number;
  period: number;
  clockTenths: number;
  side: Side;
  player: Player;
  attempts: number;
  made: number;
}

export interface PlayedGame extends ScheduledGame {
  overtimes: number;
  /** 4 + overtimes. */
  periods: number;
  homeScore: number;
  awayScore: number;
  /** Points per period, index 0 = 1st quarter. */
  lineScore: { home: number[]; away: number[] };
  shots: GameShot[];
  freeThrows: FreeThrowTrip[];
}

interface DraftShot {
  kind: 'shot';
  period: number;
  clockTenths: number;
  side: Side;
  player: Player;
  point: CourtPoint;
  zone: ShotZone;
  actionType: string;
  made: boolean;
  andOne: boolean;
}

interface DraftTrip {
  kind: 'trip';
  period: number;
  clockTenths: number;
  side: Side;
  player: Player;
  attempts: number;
  made: number;
}

type DraftEvent = DraftShot | DraftTrip;

const QUARTER_TENTHS = 7200;
const OVERTIME_TENTHS = 3000;
const FREE_THROW_PCT = 0.78;

function other(side: Side): Side {
  return side === 'home' ? 'away' : 'home';
}

function overtimeCount(rng: Rng): number {
  const draw = rng.next();
  if (draw < 0.004) return 3;
  if (draw < 0.016) return 2;
  if (draw < 0.066) return 1;
  return 0;
}

function pickShooter(rng: Rng, roster: Roster): Player {
  return roster.players[rng.weightedIndex(roster.players.map((player) => player.usage))] as Player;
}

function pickZone(rng: Rng, player: Player, putback: boolean): ShotZone {
  if (putback && rng.chance(0.7)) return 'Restricted Area';
  if (rng.chance(player.threeRate)) {
    if (rng.chance(0.22)) return rng.chance(0.5) ? 'Left Corner 3' : 'Right Corner 3';
    return 'Above the Break 3';
  }
  if (rng.chance(player.rimRate)) return 'Restricted Area';
  return rng.chance(0.45) ? 'In The Paint (Non-RA)' : 'Mid-Range';
}

function draftShot(
  rng: Rng,
  roster: Roster,
  side: Side,
  period: number,
  clockTenths: number,
  putback: boolean,
): DraftShot {
  const player = pickShooter(rng, roster);
  const zone = pickZone(rng, player, putback);
  const point = sampleShotPoint(rng, zone);
  const makeProbability = ZONE_MAKE_PROBABILITY[zone] + player.skill + (putback ? 0.05 : 0);
  const made = rng.chance(makeProbability);
  return {
    kind: 'shot',
    period,
    clockTenths,
    side,
    player,
    point,
    zone,
    actionType:
      putback && zone === 'Restricted Area' ? 'Putback Layup Shot' : sampleActionType(rng, zone),
    made,
    andOne: made && rng.chance(0.05),
  };
}

function freeThrows(rng: Rng, attempts: number): number {
  let made = 0;
  for (let i = 0; i < attempts; i += 1) if (rng.chance(FREE_THROW_PCT)) made += 1;
  return made;
}

/** Possessions until the period clock runs out: turnovers, trips to the line, shots, putbacks. */
function draftPeriod(rng: Rng, period: number, rosters: Record<Side, Roster>): DraftEvent[] {
  const events: DraftEvent[] = [];
  let clock = period <= 4 ? QUARTER_TENTHS : OVERTIME_TENTHS;
  let side: Side = rng.chance(0.5) ? 'home' : 'away';
  for (;;) {
    clock -= Math.round(rng.uniform(40, 240));
    if (clock <= 0) break;
    const roll = rng.next();
    if (roll < 0.12) {
      side = other(side);
      continue;
    }
    if (roll < 0.2) {
      const attempts = rng.chance(0.05) ? 3 : 2;
      const player = pickShooter(rng, rosters[side]);
      events.push({
        kind: 'trip',
        period,
        clockTenths: clock,
        side,
        player,
        attempts,
        made: freeThrows(rng, attempts),
      });
      side = other(side);
      continue;
    }
    let putback = false;
    for (;;) {
      const shot = draftShot(rng, rosters[side], side, period, clock, putback);
      events.push(shot);
      if (shot.andOne) {
        events.push({
          kind: 'trip',
          period,
          clockTenths: clock,
          side,
          player: shot.player,
          attempts: 1,
          made: freeThrows(rng, 1),
        });
      }
      if (shot.made || !rng.chance(0.26)) break;
      clock -= rng.int(15, 60);
      if (clock <= 0) break;
      putback = true;
    }
    side = other(side);
  }
  return events;
}

function pointsOf(event: DraftEvent): number {
  if (event.kind === 'trip') return event.made;
  return event.made ? (isThreePointer(event.point) ? 3 : 2) : 0;
}

function margin(events: readonly DraftEvent[], throughPeriod: number): number {
  let diff = 0;
  for (const event of events) {
    if (event.period > throughPeriod) break;
    diff += event.side === 'home' ? pointsOf(event) : -pointsOf(event);
  }
  return diff;
}

/**
 * Changes outcomes inside `period` until the game is tied at its end, the way overtime happens:
 * the leader's makes become misses, the trailer's misses (not followed by its own putback) become
 * makes, free throws move by one; a last-second trip to the line settles what nothing else can.
 */
function tieAtEndOf(rng: Rng, events: DraftEvent[], period: number): void {
  for (let diff = margin(events, period); diff !== 0; diff = margin(events, period)) {
    const leader: Side = diff > 0 ? 'home' : 'away';
    const need = Math.abs(diff);
    const fits = (value: number): boolean => value <= need;
    const flips: (() => void)[] = [];
    events.forEach((event, index) => {
      if (event.period !== period) return;
      if (event.kind === 'shot') {
        const value = isThreePointer(event.point) ? 3 : 2;
        if (!fits(value)) return;
        if (event.side === leader && event.made && !event.andOne) {
          flips.push(() => (event.made = false));
        }
        const next = events
          .slice(index + 1)
          .find((later): later is DraftShot => later.kind === 'shot');
        if (event.side !== leader && !event.made && next?.side !== event.side) {
          flips.push(() => (event.made = true));
        }
      } else {
        if (event.side === leader && event.made > 0) flips.push(() => (event.made -= 1));
        if (event.side !== leader && event.made < event.attempts)
          flips.push(() => (event.made += 1));
      }
    });
    if (flips.length > 0) {
      rng.pick(flips)();
      continue;
    }
    const trailerPlayer = events.find((event) => event.side !== leader)?.player;
    const last = events.filter((event) => event.period === period).at(-1);
    if (!trailerPlayer || !last) throw new Error(`period ${period} has no events to tie`);
    const made = Math.min(need, 3);
    events.splice(events.indexOf(last) + 1, 0, {
      kind: 'trip',
      period,
      clockTenths: Math.max(1, last.clockTenths - 1),
      side: other(leader),
      player: trailerPlayer,
      attempts: made,
      made,
    });
  }
}

/** The one missed shot of the final period nearest the buzzer becomes a make: no game ends tied. */
function breakFinalTie(events: DraftEvent[], period: number): void {
  if (margin(events, period) !== 0) return;
  const lastMiss = events
    .filter(
      (event): event is DraftShot =>
        event.kind === 'shot' && event.period === period && !event.made,
    )
    .at(-1);
  if (!lastMiss) throw new Error(`period ${period} has no missed shot to break the tie with`);
  lastMiss.made = true;
}

/** Plays a scheduled game: deterministic for (seed, game id). */
export function simulateGame(
  seed: number,
  game: ScheduledGame,
  rosters: Record<Side, Roster>,
): PlayedGame {
  const rng = new Rng(seed, 'game', game.gameId);
  const overtimes = overtimeCount(rng);
  const periods = 4 + overtimes;
  const events: DraftEvent[] = [];
  for (let period = 1; period <= periods; period += 1) {
    events.push(...draftPeriod(rng, period, rosters));
    if (period >= 4 && period < periods) tieAtEndOf(rng, events, period);
  }
  breakFinalTie(events, periods);

  const shots: GameShot[] = [];
  const trips: FreeThrowTrip[] = [];
  const lineScore = {
    home: new Array<number>(periods).fill(0),
    away: new Array<number>(periods).fill(0),
  };
  const score = { home: 0, away: 0 };
  let eventId = rng.int(1, 3);
  let period = 0;
  for (const event of events) {
    if (event.period !== period) {
      period = event.period;
      eventId += 2;
    }
    eventId += rng.int(1, 5);
    const points = pointsOf(event);
    score[event.side] += points;
    lineScore[event.side][event.period - 1] =
      (lineScore[event.side][event.period - 1] ?? 0) + points;
    if (event.kind === 'trip') {
      trips.push({
        eventId,
        period: event.period,
        clockTenths: event.clockTenths,
        side: event.side,
        player: event.player,
        attempts: event.attempts,
        made: event.made,
      });
      continue;
    }
    shots.push({
      eventId,
      period: event.period,
      clockTenths: event.clockTenths,
      side: event.side,
      player: event.player,
      point: event.point,
      zone: event.zone,
      actionType: event.actionType,
      points: isThreePointer(event.point) ? 3 : 2,
      made: event.made,
      distanceFt: shotDistanceFt(event.point),
      homeScore: score.home,
      awayScore: score.away,
    });
  }
  return {
    ...game,
    overtimes,
    periods,
    homeScore: score.home,
    awayScore: score.away,
    lineScore,
    shots,
    freeThrows: trips,
  };
}
