import {
  League,
  renderDayPage,
  renderGamePage,
  renderShotChartPage,
  truthShots,
  type PlayedGame,
} from '@tributary/shot-chart-site';
import { ShotChartShot } from '@tributary/schemas';
import { CrawlResponse } from '../../engine/http/crawl-response';
import { toCrawlRequest, type JsonObject } from '../../engine/request';
import { PageParseError } from '../../engine/spider';
import { ShotChartsSpider } from './shot-charts.spider';

const BASE = 'https://www.basketball-reference.com';
const spider = new ShotChartsSpider({ baseUrl: BASE });
const league = new League({ seed: 11, from: '2024-10-22', to: '2024-12-31' });

const page = (path: string, html: string) =>
  new CrawlResponse(
    `${BASE}${path}`,
    200,
    { 'content-type': 'text/html; charset=utf-8' },
    Buffer.from(html),
    new Date(),
  );

const parse = (path: string, html: string, callback: string, meta: JsonObject = {}) =>
  spider.parse(
    page(path, html),
    toCrawlRequest({ url: `${BASE}${path}`, callback, meta }, { depth: 0 }),
  );

function overtimeGame(): PlayedGame {
  for (const date of [
    '2024-11-01',
    '2024-11-02',
    '2024-11-03',
    '2024-11-04',
    '2024-11-05',
    '2024-11-06',
    '2024-11-07',
    '2024-11-08',
    '2024-11-09',
    '2024-11-10',
    '2024-11-11',
    '2024-11-12',
    '2024-11-13',
    '2024-11-14',
    '2024-11-15',
    '2024-11-16',
  ]) {
    const game = league.day(date).find((candidate) => candidate.overtimes > 0);
    if (game) return game;
  }
  throw new Error('no overtime game in the first half of November');
}

describe('the shot-charts spider', () => {
  it('starts from one day page per date of the range', () => {
    expect(
      spider.startRequests({ from: '2024-11-30', to: '2024-12-01' }).map((request) => request.url),
    ).toEqual([
      `${BASE}/boxscores/?month=11&day=30&year=2024`,
      `${BASE}/boxscores/?month=12&day=1&year=2024`,
    ]);
    expect(spider.allowedDomains).toEqual(['www.basketball-reference.com']);
  });

  it('follows every game of a day to its box score; a day without games yields nothing', () => {
    const date = '2024-11-05';
    const games = league.day(date);
    const output = parse(
      '/boxscores/?month=11&day=5&year=2024',
      renderDayPage({ date, games, from: league.from, to: league.to }),
      'day',
    );
    expect(output.follow?.map((request) => request.url)).toEqual(
      games.map((game) => `/boxscores/${game.gameId}.html`),
    );
    const empty = parse(
      '/boxscores/?month=7&day=1&year=2024',
      renderDayPage({ date: '2024-07-01', games: [], from: league.from, to: league.to }),
      'day',
    );
    expect(empty.follow).toEqual([]);
    expect(() =>
      parse(
        '/boxscores/?month=7&day=1&year=2024',
        '<html><body><p>Maintenance</p></body></html>',
        'day',
      ),
    ).toThrow(PageParseError);
  });

  it('follows a box score to its shot chart, carrying the players’ basketball-reference ids', () => {
    const game = overtimeGame();
    const output = parse(`/boxscores/${game.gameId}.html`, renderGamePage(game), 'box-score');
    expect(output.follow).toHaveLength(1);
    const [chart] = output.follow ?? [];
    expect(chart?.url).toBe(`/boxscores/shot-chart/${game.gameId}.html`);
    expect(Object.keys((chart?.meta?.players ?? {}) as object).sort()).toEqual(
      [game.away.abbr, game.home.abbr].sort(),
    );
  });

  it('reads every shot of an overtime game exactly as the site generated it', () => {
    const game = overtimeGame();
    const box = parse(`/boxscores/${game.gameId}.html`, renderGamePage(game), 'box-score');
    const meta = box.follow?.[0]?.meta ?? {};
    const { items = [] } = parse(
      `/boxscores/shot-chart/${game.gameId}.html`,
      renderShotChartPage(game),
      'shot-chart',
      meta,
    );
    const truth = truthShots(game);
    expect(items).toHaveLength(truth.length);
    expect(items.some((shot) => shot.period > 4)).toBe(true);
    const byTeam = new Map<string, number>();
    for (const shot of items) expect(ShotChartShot.safeParse(shot).success).toBe(true);
    // The chart lists the visitors' shots, then the home team's, each in game order.
    const ordered = [...truth.filter((shot) => !shot.home), ...truth.filter((shot) => shot.home)];
    items.forEach((shot, index) => {
      const expected = ordered[index];
      if (!expected) throw new Error('more items than shots');
      const n = (byTeam.get(expected.team) ?? 0) + 1;
      byTeam.set(expected.team, n);
      expect(shot).toMatchObject({
        game_id: game.gameId,
        bbref_game_id: game.gameId,
        game_date: game.date,
        shot_id: `${expected.team}-${n}`,
        player_name: expected.playerName,
        team_id: expected.teamId,
        team_abbr: expected.home ? game.home.nbaAbbr : game.away.nbaAbbr,
        home_team: game.home.nbaAbbr,
        visitor_team: game.away.nbaAbbr,
        period: expected.period,
        minutes_remaining: expected.minutesRemaining,
        seconds_remaining: expected.secondsRemaining,
        period_seconds_remaining: expected.clockTenths / 10,
        shot_made: expected.made,
        shot_type: expected.points === 3 ? '3PT Field Goal' : '2PT Field Goal',
        shot_distance: expected.distanceFt,
        home_score: expected.homeScore,
        visitor_score: expected.awayScore,
        loc_x: expected.locX || 0,
      });
      expect(Math.abs(shot.loc_y - expected.locY)).toBeLessThanOrEqual(0.6);
      expect(shot.bbref_player_id).toMatch(/^[a-z]+\d\d$/);
    });
  });

  it('fails a shot chart whose markers were renamed (layout drift), so it is dead-lettered, not published empty', () => {
    const game = league.day('2024-11-20')[0];
    if (!game) throw new Error('no game on 2024-11-20');
    for (const layout of ['made-missed', 'shot-tip'] as const) {
      const failure = (() => {
        try {
          parse(
            `/boxscores/shot-chart/${game.gameId}.html`,
            renderShotChartPage(game, layout),
            'shot-chart',
          );
          return undefined;
        } catch (error) {
          return error as PageParseError;
        }
      })();
      expect(failure).toBeInstanceOf(PageParseError);
      expect(failure?.reason).toBe('no_shots');
      expect(failure?.retriable).toBe(false);
    }
  });
});
