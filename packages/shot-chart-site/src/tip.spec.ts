import type { GameShot, PlayedGame } from './game-simulator';
import type { Player } from './rosters';
import { teamByAbbr, type Team } from './teams';
import { formatClock, periodLabel, scoreLine, shotTip } from './tip';

function team(abbr: string): Team {
  const found = teamByAbbr(abbr);
  if (!found) throw new Error(abbr);
  return found;
}

const reaves: Player = {
  playerId: 1,
  name: 'Austin Reaves',
  usage: 0.2,
  threeRate: 0.4,
  rimRate: 0.4,
  skill: 0,
};
const oneale: Player = {
  playerId: 2,
  name: "Royce O'Neale Jr.",
  usage: 0.2,
  threeRate: 0.4,
  rimRate: 0.4,
  skill: 0,
};

const game: PlayedGame = {
  gameId: '202410220LAL',
  nbaGameId: '0022401313',
  date: '2024-10-22',
  sequence: 0,
  home: team('LAL'),
  away: team('GSW'),
  overtimes: 2,
  periods: 6,
  homeScore: 0,
  awayScore: 0,
  lineScore: { home: [], away: [] },
  shots: [],
  freeThrows: [],
};

function shot(overrides: Partial<GameShot>): GameShot {
  return {
    eventId: 7,
    period: 1,
    clockTenths: 7020,
    side: 'home',
    player: reaves,
    point: { locX: 0, locY: 40 },
    zone: 'In The Paint (Non-RA)',
    actionType: 'Jump Shot',
    points: 2,
    made: false,
    distanceFt: 4,
    homeScore: 0,
    awayScore: 0,
    ...overrides,
  };
}

describe('shot tips', () => {
  it('reads exactly like basketball-reference for a first miss', () => {
    expect(shotTip(game, shot({}))).toBe(
      '1st quarter, 11:42.0 remaining<br>Austin Reaves missed 2-pointer from 4 ft<br>LA Lakers tied 0-0',
    );
  });

  it('names quarters and overtimes', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(periodLabel)).toEqual([
      '1st quarter',
      '2nd quarter',
      '3rd quarter',
      '4th quarter',
      '1st OT',
      '2nd OT',
      '3rd OT',
    ]);
    expect(shotTip(game, shot({ period: 6, clockTenths: 47 }))).toMatch(
      /^2nd OT, 0:04\.7 remaining<br>/,
    );
  });

  it('formats the clock with minutes, padded seconds and tenths', () => {
    expect(formatClock(7200)).toBe('12:00.0');
    expect(formatClock(6009)).toBe('10:00.9');
    expect(formatClock(599)).toBe('0:59.9');
    expect(formatClock(0)).toBe('0:00.0');
  });

  it('speaks from the shooting team: leads, trails, tied, and "now" when a make changes that', () => {
    const cases: [Partial<GameShot>, string][] = [
      [{ made: true, points: 3, homeScore: 12, awayScore: 10 }, 'LA Lakers now leads 12-10'],
      [{ made: true, homeScore: 14, awayScore: 10 }, 'LA Lakers leads 14-10'],
      [{ made: false, homeScore: 10, awayScore: 12 }, 'LA Lakers trails 10-12'],
      [{ made: true, homeScore: 10, awayScore: 14 }, 'LA Lakers trails 10-14'],
      [{ made: true, homeScore: 12, awayScore: 12 }, 'LA Lakers now tied 12-12'],
      [{ made: false, homeScore: 12, awayScore: 12 }, 'LA Lakers tied 12-12'],
      [
        { side: 'away', player: oneale, made: true, points: 3, homeScore: 20, awayScore: 21 },
        'Golden State now leads 21-20',
      ],
      [
        { side: 'away', player: oneale, made: false, homeScore: 20, awayScore: 18 },
        'Golden State trails 18-20',
      ],
    ];
    for (const [overrides, expected] of cases)
      expect(scoreLine(game, shot(overrides))).toBe(expected);
  });

  it('keeps suffixes and apostrophes in the shooter name and says made 3-pointer', () => {
    const tip = shotTip(
      game,
      shot({
        side: 'away',
        player: oneale,
        made: true,
        points: 3,
        distanceFt: 26,
        homeScore: 0,
        awayScore: 3,
      }),
    );
    expect(tip).toBe(
      "1st quarter, 11:42.0 remaining<br>Royce O'Neale Jr. made 3-pointer from 26 ft<br>Golden State now leads 3-0",
    );
  });
});
