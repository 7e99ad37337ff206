import { ShotChartShot } from '@tributary/schemas';
import { League } from './league';
import { leagueRosters } from './rosters';
import { dateOfGameId, dateOfNbaGameId, scheduleDay, seasonLabel } from './schedule';
import { TEAMS } from './teams';
import { toShotChartShot, truthShots } from './truth';

const league = new League({ seed: 42, from: '2024-10-22', to: '2025-01-31' });
const games = league.dates().flatMap((date) => league.day(date));

describe('the generated season', () => {
  it('has the 30 teams with two-word city names and unique, varied player names', () => {
    expect(new Set(TEAMS.map((team) => team.abbr)).size).toBe(30);
    for (const name of [
      'LA Lakers',
      'Golden State',
      'New York',
      'San Antonio',
      'Oklahoma City',
      'New Orleans',
    ]) {
      expect(TEAMS.map((team) => team.shortName)).toContain(name);
    }
    const names = leagueRosters(42).flatMap((roster) =>
      roster.players.map((player) => player.name),
    );
    expect(names).toHaveLength(450);
    expect(new Set(names).size).toBe(450);
    expect(names.some((name) => / (Jr\.|Sr\.|II|III)$/.test(name))).toBe(true);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(
      names.some((name) => name !== name.normalize('NFD').replace(/\p{Diacritic}/gu, '')),
    ).toBe(true);
    const ids = leagueRosters(42).flatMap((roster) =>
      roster.players.map((player) => player.playerId),
    );
    expect(new Set(ids).size).toBe(450);
  });

  it('schedules 0-15 games a day, each team at most once, with ids both upstreams would use', () => {
    const counts = league.dates().map((date) => scheduleDay(42, date).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(15);
    expect(counts).toContain(0);
    for (const date of league.dates()) {
      const day = league.schedule(date);
      const teams = day.flatMap((game) => [game.home.abbr, game.away.abbr]);
      expect(new Set(teams).size).toBe(teams.length);
      for (const game of day) {
        expect(game.gameId).toBe(`${date.replaceAll('-', '')}0${game.home.abbr}`);
        expect(game.nbaGameId).toMatch(/^00224\d{5}$/);
        expect(dateOfGameId(game.gameId)).toBe(date);
        expect(dateOfNbaGameId(game.nbaGameId)).toBe(date);
      }
    }
    expect(seasonLabel('2025-01-31')).toBe('2024-25');
  });

  it('plays games with about 160-200 shots, overtimes after a tie, and a running score that adds up', () => {
    const regulation = games
      .filter((game) => game.overtimes === 0)
      .map((game) => game.shots.length);
    regulation.sort((a, b) => a - b);
    expect(regulation[Math.floor(regulation.length * 0.1)]).toBeGreaterThanOrEqual(160);
    expect(regulation[Math.floor(regulation.length * 0.9)]).toBeLessThanOrEqual(210);
    const overtimes = new Set(games.map((game) => game.overtimes));
    expect([...overtimes].sort()).toEqual([0, 1, 2, 3]);

    // Plain checks collected, one assertion: a hundred thousand expect() calls would take seconds.
    const problems: string[] = [];
    const sum = (points: number[], upTo: number): number =>
      points.slice(0, upTo).reduce((a, b) => a + b, 0);
    for (const game of games) {
      if (game.periods !== 4 + game.overtimes) problems.push(`${game.gameId}: periods`);
      if (game.homeScore === game.awayScore) problems.push(`${game.gameId}: ended tied`);
      for (let period = 4; period < game.periods; period += 1) {
        if (sum(game.lineScore.home, period) !== sum(game.lineScore.away, period)) {
          problems.push(`${game.gameId}: not tied before overtime ${period - 3}`);
        }
      }
      if (sum(game.lineScore.home, game.periods) !== game.homeScore)
        problems.push(`${game.gameId}: line score`);
      let previous = { period: 0, clock: Infinity, eventId: 0, home: 0, away: 0 };
      for (const shot of game.shots) {
        const inOrder =
          shot.period === previous.period
            ? shot.clockTenths < previous.clock
            : shot.period > previous.period;
        if (!inOrder || shot.eventId <= previous.eventId)
          problems.push(`${game.gameId}#${shot.eventId}: order`);
        if (shot.homeScore < previous.home || shot.awayScore < previous.away) {
          problems.push(`${game.gameId}#${shot.eventId}: score went down`);
        }
        previous = {
          period: shot.period,
          clock: shot.clockTenths,
          eventId: shot.eventId,
          home: shot.homeScore,
          away: shot.awayScore,
        };
      }
      const last = game.shots.at(-1);
      if (!last || last.homeScore > game.homeScore || last.awayScore > game.awayScore) {
        problems.push(`${game.gameId}: final score below the last shot's`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('is deterministic for a seed, whatever the range, and differs between seeds', () => {
    const narrow = new League({ seed: 42, from: '2024-12-01', to: '2024-12-02' });
    expect(narrow.day('2024-12-02')).toEqual(league.day('2024-12-02'));
    const other = new League({ seed: 43, from: '2024-10-22', to: '2025-01-31' });
    expect(other.schedule('2024-12-02')).not.toEqual(league.schedule('2024-12-02'));
    expect(league.day('2024-09-01')).toEqual([]);
  });

  it('gives truth records that are valid ShotChartShot items', () => {
    const game = games[0];
    if (!game) throw new Error('no games');
    const shots = truthShots(game);
    expect(shots).toHaveLength(game.shots.length);
    const invalid = shots.filter(
      (shot) => !ShotChartShot.safeParse(toShotChartShot(game, shot)).success,
    );
    expect(invalid).toEqual([]);
  });

  it('sizes a crawl from the schedule alone', () => {
    const size = league.crawlSize();
    expect(size.days).toBe(102);
    expect(size.games).toBe(games.length);
    expect(size.htmlPages).toBe(102 + games.length * 2);
  });
});
