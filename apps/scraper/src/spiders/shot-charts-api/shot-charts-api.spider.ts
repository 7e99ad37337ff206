import type { CrawlResponse } from '../../engine/http/crawl-response';
import type { CrawlRequest, JsonObject, RequestSpec } from '../../engine/request';
import {
  PageParseError,
  type CrawlRange,
  type Spider,
  type SpiderOutput,
} from '../../engine/spider';
import { feetFromLoc } from '../shot-charts/court';
import { datesBetween, nbaSeason } from '../dates';
import { bbrefAbbrOf } from '../franchises';
import { resultSetRows, type StatsRow } from './result-sets';

export interface ShotChartsApiSpiderOptions {
  /** stats.nba.com's address (or the fixture site's, which serves /stats/ beside the pages). */
  baseUrl: string;
  maxDepth?: number;
  maxPages?: number;
}

const GAME_HEADER = ['GAME_ID', 'GAMECODE', 'HOME_TEAM_ID', 'VISITOR_TEAM_ID'] as const;
const SHOT_COLUMNS = [
  'GAME_ID',
  'GAME_EVENT_ID',
  'PLAYER_ID',
  'PLAYER_NAME',
  'TEAM_ID',
  'PERIOD',
  'MINUTES_REMAINING',
  'SECONDS_REMAINING',
  'ACTION_TYPE',
  'SHOT_TYPE',
  'SHOT_ZONE_BASIC',
  'SHOT_ZONE_AREA',
  'SHOT_ZONE_RANGE',
  'SHOT_DISTANCE',
  'LOC_X',
  'LOC_Y',
  'SHOT_MADE_FLAG',
  'GAME_DATE',
  'HTM',
  'VTM',
] as const;

/**
 * The same shots from stats.nba.com's JSON: each day's `scoreboardv2` lists the games, each game's
 * `shotchartdetail` has one row per field-goal attempt. Rows are mapped as they are; the item schema
 * validates them (a row it refuses is dead-lettered with the page URL).
 */
export class ShotChartsApiSpider implements Spider<unknown> {
  readonly name = 'shot-charts-api';
  readonly allowedDomains: readonly string[];
  readonly limits;
  /** What stats.nba.com expects from a browser-like client; harmless elsewhere. */
  readonly headers = {
    accept: 'application/json',
    referer: 'https://www.nba.com/',
    origin: 'https://www.nba.com',
    'x-nba-stats-origin': 'stats',
    'x-nba-stats-token': 'true',
  };
  private readonly base: URL;

  constructor(options: ShotChartsApiSpiderOptions) {
    this.base = new URL(options.baseUrl);
    this.allowedDomains = [this.base.hostname];
    this.limits = { maxDepth: options.maxDepth ?? 2, maxPages: options.maxPages ?? 100_000 };
  }

  startRequests(range: CrawlRange): RequestSpec[] {
    return datesBetween(range.from, range.to).map((date) => {
      const [year, month, day] = date.split('-');
      const url = new URL('/stats/scoreboardv2', this.base);
      url.search = new URLSearchParams({
        GameDate: `${month}/${day}/${year}`,
        LeagueID: '00',
        DayOffset: '0',
      }).toString();
      return { url: url.href, callback: 'scoreboard', meta: { date } };
    });
  }

  parse(response: CrawlResponse, request: CrawlRequest): SpiderOutput<unknown> {
    switch (request.callback) {
      case 'scoreboard':
        return { follow: this.games(response, request.meta) };
      case 'shotchartdetail':
        return { items: this.shots(response, request.meta) };
      default:
        throw new PageParseError('callback', `no parse step "${request.callback}"`);
    }
  }

  private games(response: CrawlResponse, meta: JsonObject): RequestSpec[] {
    const date = typeof meta.date === 'string' ? meta.date : '';
    return resultSetRows(response.json(), 'GameHeader', GAME_HEADER).map((game) => {
      const url = new URL('/stats/shotchartdetail', this.base);
      url.search = new URLSearchParams({
        GameID: String(game.GAME_ID),
        PlayerID: '0',
        TeamID: '0',
        ContextMeasure: 'FGA',
        Season: nbaSeason(date),
        SeasonType: 'Regular Season',
      }).toString();
      return {
        url: url.href,
        callback: 'shotchartdetail',
        meta: {
          date,
          gamecode: String(game.GAMECODE),
          homeTeamId: Number(game.HOME_TEAM_ID),
        },
      };
    });
  }

  private shots(response: CrawlResponse, meta: JsonObject): unknown[] {
    const homeTeamId = typeof meta.homeTeamId === 'number' ? meta.homeTeamId : undefined;
    return resultSetRows(response.json(), 'Shot_Chart_Detail', SHOT_COLUMNS).map((row) =>
      toShot(row, homeTeamId),
    );
  }
}

/** One Shot_Chart_Detail row as a ShotChartShot (unvalidated: the sink validates every item). */
function toShot(row: StatsRow, homeTeamId: number | undefined): Record<string, unknown> {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(String(row.GAME_DATE));
  const gameDate = date ? `${date[1]}-${date[2]}-${date[3]}` : row.GAME_DATE;
  const locX = Number(row.LOC_X);
  const locY = Number(row.LOC_Y);
  const minutes = Number(row.MINUTES_REMAINING);
  const seconds = Number(row.SECONDS_REMAINING);
  const home = String(row.HTM);
  const feet = feetFromLoc(locX, locY);
  return {
    game_id: row.GAME_ID,
    game_event_id: row.GAME_EVENT_ID,
    game_date: gameDate,
    player_id: row.PLAYER_ID,
    player_name: row.PLAYER_NAME,
    team_id: row.TEAM_ID,
    period: row.PERIOD,
    minutes_remaining: row.MINUTES_REMAINING,
    seconds_remaining: row.SECONDS_REMAINING,
    action_type: row.ACTION_TYPE,
    shot_type: row.SHOT_TYPE,
    shot_zone_basic: row.SHOT_ZONE_BASIC,
    shot_zone_area: row.SHOT_ZONE_AREA,
    shot_zone_range: row.SHOT_ZONE_RANGE,
    shot_distance: row.SHOT_DISTANCE,
    loc_x: row.LOC_X,
    loc_y: row.LOC_Y,
    shot_made: row.SHOT_MADE_FLAG === 1,
    home_team: row.HTM,
    visitor_team: row.VTM,
    shot_id: String(row.GAME_EVENT_ID),
    bbref_game_id: date ? `${date[1]}${date[2]}${date[3]}0${bbrefAbbrOf(home)}` : null,
    ...(homeTeamId === undefined
      ? {}
      : { team_abbr: row.TEAM_ID === homeTeamId ? row.HTM : row.VTM }),
    period_seconds_remaining: minutes * 60 + seconds,
    x_ft: feet.xFt,
    y_ft: feet.yFt,
  };
}
