import type { League } from './league';
import { renderDayPage } from './pages/day-page';
import { renderGamePage } from './pages/game-page';
import { renderDisallowedPage, renderHomePage, renderNotFoundPage } from './pages/other-pages';
import { renderRobotsTxt } from './pages/robots';
import { renderShotChartPage, type ShotChartLayout } from './pages/shot-chart-page';
import { addDays, isoDateFromParts, isoDateToMs } from './schedule';
import { scoreboardV2, shotChartDetail, StatsRequestError } from './stats-api';

export type RouteKind =
  | 'home'
  | 'robots'
  | 'day'
  | 'game'
  | 'shot-chart'
  | 'scoreboard'
  | 'shotchartdetail'
  | 'disallowed'
  | 'redirect'
  | 'not-found'
  | 'bad-request';

/** A document the site can serve; `render` is only called when the page cache misses. */
export interface PageRoute {
  type: 'page';
  kind: RouteKind;
  status: 200 | 400 | 404;
  contentType: string;
  /** Cache key for the rendered body (undefined: not cached). */
  cacheKey?: string;
  /** Last-Modified (ms); pages that have one also get an ETag and answer conditionals. */
  lastModifiedMs?: number;
  /** True for shot charts: a `drift` fault renders them with another layout. */
  driftable: boolean;
  render: (layout: ShotChartLayout) => string;
}

export interface RedirectRoute {
  type: 'redirect';
  kind: 'redirect';
  status: 301 | 302;
  location: string;
}

export type Route = PageRoute | RedirectRoute;

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface RouteContext {
  league: League;
  /** Crawl-delay for robots.txt, or undefined when politeness is off. */
  crawlDelayS: number | undefined;
}

/** Pages of a date change once, the morning after (06:00 UTC). */
function publishedAfter(date: string): number {
  return (isoDateToMs(addDays(date, 1)) ?? 0) + 6 * 3_600_000;
}

function notFound(path: string): PageRoute {
  return {
    type: 'page',
    kind: 'not-found',
    status: 404,
    contentType: HTML,
    driftable: false,
    render: () => renderNotFoundPage(path),
  };
}

function dayRoute(context: RouteContext, date: string): PageRoute {
  const { league } = context;
  return {
    type: 'page',
    kind: 'day',
    status: 200,
    contentType: HTML,
    cacheKey: `day:${date}`,
    lastModifiedMs: publishedAfter(date),
    driftable: false,
    render: () =>
      renderDayPage({ date, games: league.day(date), from: league.from, to: league.to }),
  };
}

function statsRoute(
  kind: 'scoreboard' | 'shotchartdetail',
  context: RouteContext,
  url: URL,
): PageRoute {
  const build = kind === 'scoreboard' ? scoreboardV2 : shotChartDetail;
  let body: string;
  try {
    body = JSON.stringify(build(context.league, url.searchParams));
  } catch (error) {
    if (!(error instanceof StatsRequestError)) throw error;
    const message = error.message;
    return {
      type: 'page',
      kind: 'bad-request',
      status: 400,
      contentType: 'text/plain; charset=utf-8',
      driftable: false,
      render: () => message,
    };
  }
  return {
    type: 'page',
    kind,
    status: 200,
    contentType: JSON_TYPE,
    lastModifiedMs: publishedAfter(context.league.to),
    driftable: false,
    render: () => body,
  };
}

const GAME_PAGE = /^\/boxscores\/(\d{8}0[A-Z]{3})\.(html?)$/;
const SHOT_CHART_PAGE = /^\/boxscores\/shot-chart\/(\d{8}0[A-Z]{3})\.(html?)$/;
const OLD_SHOT_CHART = /^\/shot-chart\/(\d{8}0[A-Z]{3})\.html$/;

/** Maps a request to what answers it. Unknown paths and games outside the range are 404. */
export function resolveRoute(context: RouteContext, url: URL): Route {
  const { league } = context;
  const path = url.pathname;
  const query = url.searchParams;

  if (path === '/') {
    return {
      type: 'page',
      kind: 'home',
      status: 200,
      contentType: HTML,
      cacheKey: 'home',
      lastModifiedMs: publishedAfter(league.to),
      driftable: false,
      render: () => renderHomePage(league.from, league.to),
    };
  }
  if (path === '/robots.txt') {
    const delay = context.crawlDelayS;
    return {
      type: 'page',
      kind: 'robots',
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      cacheKey: `robots:${delay ?? 'none'}`,
      lastModifiedMs: isoDateToMs(league.from),
      driftable: false,
      render: () => renderRobotsTxt(delay),
    };
  }
  if (path === '/boxscores')
    return {
      type: 'redirect',
      kind: 'redirect',
      status: 301,
      location: `/boxscores/${url.search}`,
    };
  if (path === '/boxscores/index.cgi') {
    return {
      type: 'redirect',
      kind: 'redirect',
      status: 302,
      location: `/boxscores/${url.search}`,
    };
  }
  if (path === '/boxscores/') {
    if (!query.has('month') && !query.has('day') && !query.has('year'))
      return dayRoute(context, league.to);
    const date = isoDateFromParts(
      Number(query.get('year')),
      Number(query.get('month')),
      Number(query.get('day')),
    );
    return date === undefined ? notFound(path) : dayRoute(context, date);
  }

  const oldChart = OLD_SHOT_CHART.exec(path);
  if (oldChart) {
    return {
      type: 'redirect',
      kind: 'redirect',
      status: 302,
      location: `/boxscores/shot-chart/${oldChart[1] ?? ''}.html`,
    };
  }
  const chart = SHOT_CHART_PAGE.exec(path);
  if (chart) {
    const [, gameId = '', extension] = chart;
    if (extension === 'htm') {
      return {
        type: 'redirect',
        kind: 'redirect',
        status: 301,
        location: `/boxscores/shot-chart/${gameId}.html`,
      };
    }
    const game = league.game(gameId);
    if (!game) return notFound(path);
    return {
      type: 'page',
      kind: 'shot-chart',
      status: 200,
      contentType: HTML,
      cacheKey: `shot-chart:${gameId}`,
      lastModifiedMs: publishedAfter(game.date),
      driftable: true,
      render: (layout) => renderShotChartPage(game, layout),
    };
  }
  const box = GAME_PAGE.exec(path);
  if (box) {
    const [, gameId = '', extension] = box;
    if (extension === 'htm') {
      return {
        type: 'redirect',
        kind: 'redirect',
        status: 301,
        location: `/boxscores/${gameId}.html`,
      };
    }
    const game = league.game(gameId);
    if (!game) return notFound(path);
    return {
      type: 'page',
      kind: 'game',
      status: 200,
      contentType: HTML,
      cacheKey: `game:${gameId}`,
      lastModifiedMs: publishedAfter(game.date),
      driftable: false,
      render: () => renderGamePage(game),
    };
  }

  if (path === '/stats/scoreboardv2') return statsRoute('scoreboard', context, url);
  if (path === '/stats/shotchartdetail') return statsRoute('shotchartdetail', context, url);

  if (isDisallowed(path)) {
    return {
      type: 'page',
      kind: 'disallowed',
      status: 200,
      contentType: HTML,
      driftable: false,
      render: () => renderDisallowedPage(path),
    };
  }
  return notFound(path);
}

/** What robots.txt disallows for every agent: any /shooting/ path, /play-index/, /dump/. */
export function isDisallowed(path: string): boolean {
  return (
    path.includes('/shooting/') || path.startsWith('/play-index/') || path.startsWith('/dump/')
  );
}
