import {
  League,
  scoreboardV2,
  shotChartDetail,
  toShotChartShot,
  truthShots,
} from '@tributary/shot-chart-site';
import { ShotChartShot } from '@tributary/schemas';
import { CrawlResponse } from '../../engine/http/crawl-response';
import { toCrawlRequest, type JsonObject } from '../../engine/request';
import { PageParseError } from '../../engine/spider';
import { ShotChartsApiSpider } from './shot-charts-api.spider';

const BASE = 'https://stats.nba.com';
const spider = new ShotChartsApiSpider({ baseUrl: BASE });
const league = new League({ seed: 5, from: '2024-10-22', to: '2024-12-31' });

const json = (url: string, body: unknown) =>
  new CrawlResponse(
    url,
    200,
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify(body)),
    new Date(),
  );

const parse = (url: string, body: unknown, callback: string, meta: JsonObject = {}) =>
  spider.parse(json(url, body), toCrawlRequest({ url, callback, meta }, { depth: 0 }));

describe('the shot-charts-api spider', () => {
  it('asks each day’s scoreboard, then each game’s shotchartdetail with the season it belongs to', () => {
    const [start] = spider.startRequests({ from: '2024-11-05', to: '2024-11-05' });
    expect(start?.url).toBe(
      `${BASE}/stats/scoreboardv2?GameDate=11%2F05%2F2024&LeagueID=00&DayOffset=0`,
    );
    const url = new URL(start?.url ?? '');
    const { follow = [] } = parse(
      url.href,
      scoreboardV2(league, url.searchParams),
      'scoreboard',
      start?.meta,
    );
    const games = league.day('2024-11-05');
    expect(follow).toHaveLength(games.length);
    const detail = new URL(follow[0]?.url ?? '');
    expect(Object.fromEntries(detail.searchParams)).toMatchObject({
      GameID: games[0]?.nbaGameId,
      Season: '2024-25',
      ContextMeasure: 'FGA',
    });
  });

  it('turns every Shot_Chart_Detail row into the same shot the site recorded, keyed by GAME_EVENT_ID', () => {
    const game = league.day('2024-11-05')[0];
    if (!game) throw new Error('no game');
    const url = `${BASE}/stats/shotchartdetail?GameID=${game.nbaGameId}&PlayerID=0&TeamID=0&ContextMeasure=FGA&Season=2024-25&SeasonType=Regular+Season`;
    const body = shotChartDetail(league, new URL(url).searchParams);
    const { items = [] } = parse(url, body, 'shotchartdetail', {
      date: game.date,
      homeTeamId: game.home.teamId,
    });
    const truth = truthShots(game);
    expect(items).toHaveLength(truth.length);
    items.forEach((item, index) => {
      const shot = ShotChartShot.parse(item);
      const expected = truth[index];
      if (!expected) throw new Error('more items than shots');
      expect(shot).toMatchObject({
        ...toShotChartShot(game, expected),
        // JSON has no -0.
        loc_x: expected.locX || 0,
        shot_id: String(expected.eventId),
        bbref_game_id: game.gameId,
        team_abbr: expected.home ? game.home.nbaAbbr : game.away.nbaAbbr,
        period_seconds_remaining: expected.minutesRemaining * 60 + expected.secondsRemaining,
        x_ft: expected.xFt,
        y_ft: expected.yFt,
      });
    });
  });

  it('fails an answer whose result sets changed shape', () => {
    expect(() =>
      parse(
        `${BASE}/stats/shotchartdetail?GameID=1`,
        { resultSets: [{ name: 'Shot_Chart_Detail', headers: ['GAME_ID'], rowSet: [] }] },
        'shotchartdetail',
      ),
    ).toThrow(PageParseError);
    expect(() => parse(`${BASE}/stats/scoreboardv2`, { error: 'x' }, 'scoreboard')).toThrow(
      /not a stats.nba.com answer/,
    );
  });
});
