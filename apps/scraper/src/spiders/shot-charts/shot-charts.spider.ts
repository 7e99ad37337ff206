import type { ShotChartShot } from '@tributary/schemas';
import type { CrawlResponse } from '../../engine/http/crawl-response';
import type { CrawlRequest, JsonObject, RequestSpec } from '../../engine/request';
import {
  PageParseError,
  type CrawlRange,
  type Spider,
  type SpiderOutput,
} from '../../engine/spider';
import { datesBetween } from '../dates';
import { franchiseByBbref } from '../franchises';
import { chartPosition, markerPixels } from './court';
import { GAME_ID, readBoxScore, readDayPage, readShotChart, type TeamChart } from './pages';
import { parseShotTip, ShotTipError } from './shot-tip';

export interface ShotChartsSpiderOptions {
  /** basketball-reference's address (or the fixture site's). */
  baseUrl: string;
  maxDepth?: number;
  maxPages?: number;
}

type Players = Record<string, Record<string, string>>;

/**
 * basketball-reference shot charts: each day's page (`/boxscores/?month=&day=&year=`) → each game's
 * box score (for the players' ids) → the game's shot chart, where every shot marker becomes a
 * `ShotChartShot`, parsed in full: period (overtimes too), clock, shooter, made or missed, 2 or 3
 * points, distance, team, the score after the shot and the position in feet.
 */
export class ShotChartsSpider implements Spider<ShotChartShot> {
  readonly name = 'shot-charts';
  readonly allowedDomains: readonly string[];
  readonly limits;
  private readonly base: URL;

  constructor(options: ShotChartsSpiderOptions) {
    this.base = new URL(options.baseUrl);
    this.allowedDomains = [this.base.hostname];
    this.limits = { maxDepth: options.maxDepth ?? 4, maxPages: options.maxPages ?? 200_000 };
  }

  startRequests(range: CrawlRange): RequestSpec[] {
    return datesBetween(range.from, range.to).map((date) => {
      const [year, month, day] = date.split('-').map(Number);
      return {
        url: new URL(`/boxscores/?month=${month}&day=${day}&year=${year}`, this.base).href,
        callback: 'day',
        meta: { date },
      };
    });
  }

  parse(response: CrawlResponse, request: CrawlRequest): SpiderOutput<ShotChartShot> {
    switch (request.callback) {
      case 'day':
        return { follow: readDayPage(response).map((url) => ({ url, callback: 'box-score' })) };
      case 'box-score':
        return this.boxScore(response);
      case 'shot-chart':
        return { items: this.shots(response, request.meta) };
      default:
        throw new PageParseError('callback', `no parse step "${request.callback}"`);
    }
  }

  private boxScore(response: CrawlResponse): SpiderOutput<ShotChartShot> {
    const gameId = /\/boxscores\/(\d{8}0[A-Z]{3})\.html?$/.exec(
      new URL(response.url).pathname,
    )?.[1];
    if (!gameId) throw new PageParseError('box_score_url', `${response.url} is not a box score`);
    const box = readBoxScore(response);
    // The chart's address is fixed by the game id; a box score that stopped linking it still leads there.
    const url = box.shotChart ?? `/boxscores/shot-chart/${gameId}.html`;
    return { follow: [{ url, callback: 'shot-chart', meta: { gameId, players: box.players } }] };
  }

  private shots(response: CrawlResponse, meta: JsonObject): ShotChartShot[] {
    const gameId = /\/shot-chart\/(\d{8}0[A-Z]{3})\.html?$/.exec(
      new URL(response.url).pathname,
    )?.[1];
    const game = GAME_ID.exec(gameId ?? '');
    if (!gameId || !game)
      throw new PageParseError('chart_url', `${response.url} is not a game's shot chart`);
    const charts = readShotChart(response);
    if (charts.length !== 2) {
      throw new PageParseError(
        'chart_layout',
        `${response.url}: ${charts.length} team charts (div#shots-*), expected 2`,
      );
    }
    const homeAbbr = game[4] ?? '';
    const visitorChart = charts.find((chart) => chart.team !== homeAbbr);
    if (!visitorChart || !charts.some((chart) => chart.team === homeAbbr)) {
      throw new PageParseError(
        'chart_layout',
        `${response.url}: no chart for the home team ${homeAbbr}`,
      );
    }
    const date = `${game[1]}-${game[2]}-${game[3]}`;
    const context = {
      gameId,
      date,
      home: homeAbbr,
      visitor: visitorChart.team,
      players: isPlayers(meta.players) ? meta.players : {},
    };
    return charts.flatMap((chart) => this.chartShots(response.url, chart, context));
  }

  private chartShots(
    url: string,
    chart: TeamChart,
    game: { gameId: string; date: string; home: string; visitor: string; players: Players },
  ): ShotChartShot[] {
    const usable = chart.markers.filter((marker) => marker.made !== undefined && marker.tip !== '');
    if (usable.length === 0 || usable.length !== chart.markers.length) {
      throw new PageParseError(
        'no_shots',
        `${url}: ${chart.markers.length} markers in #shots-${chart.team}, ${usable.length} of them make/miss with a tip`,
      );
    }
    const home = franchiseByBbref(game.home);
    const visitor = franchiseByBbref(game.visitor);
    const team = franchiseByBbref(chart.team);
    const isHome = chart.team === game.home;
    return usable.map((marker, index) => {
      let tip: ReturnType<typeof parseShotTip>;
      try {
        tip = parseShotTip(marker.tip);
      } catch (error) {
        throw new PageParseError('shot_tip', `${url}: ${(error as ShotTipError).message}`, {
          cause: error,
        });
      }
      const pixels = markerPixels(marker.style);
      if (!pixels)
        throw new PageParseError('marker_style', `${url}: no top/left in "${marker.style}"`);
      if (tip.made !== marker.made) {
        throw new PageParseError(
          'make_class',
          `${url}: class says ${marker.made ? 'make' : 'miss'}, tip says otherwise`,
        );
      }
      if (chart.name !== '' && tip.team !== chart.name) {
        throw new PageParseError(
          'tip_team',
          `${url}: a tip of #shots-${chart.team} (${chart.name}) names ${tip.team}`,
        );
      }
      const position = chartPosition(pixels.topPx, pixels.leftPx);
      return {
        game_id: game.gameId,
        game_event_id: null,
        game_date: game.date,
        player_id: null,
        player_name: tip.player,
        team_id: team.teamId,
        period: tip.period,
        minutes_remaining: Math.floor(tip.clockTenths / 600),
        seconds_remaining: Math.floor((tip.clockTenths % 600) / 10),
        action_type: null,
        shot_type: tip.points === 3 ? '3PT Field Goal' : '2PT Field Goal',
        shot_zone_basic: null,
        shot_zone_area: null,
        shot_zone_range: null,
        shot_distance: tip.distanceFt,
        loc_x: position.locX,
        loc_y: position.locY,
        shot_made: tip.made,
        home_team: home.nba,
        visitor_team: visitor.nba,
        shot_id: `${chart.team}-${index + 1}`,
        bbref_game_id: game.gameId,
        bbref_player_id: game.players[chart.team]?.[tip.player] ?? null,
        team_abbr: team.nba,
        period_seconds_remaining: tip.clockTenths / 10,
        x_ft: position.xFt,
        y_ft: position.yFt,
        home_score: isHome ? tip.teamScore : tip.opponentScore,
        visitor_score: isHome ? tip.opponentScore : tip.teamScore,
      };
    });
  }
}

function isPlayers(value: unknown): value is Players {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value as Record<string, unknown>).every(
      (roster) =>
        typeof roster === 'object' &&
        roster !== null &&
        Object.values(roster as Record<string, unknown>).every((id) => typeof id === 'string'),
    )
  );
}
