import { zoneAreaOf, zoneRangeOf } from './court';
import type { PlayedGame } from './game-simulator';
import type { League } from './league';
import { addDays, isoDateFromParts, seasonLabel } from './schedule';

/** stats.nba.com's envelope: every endpoint answers `resultSets` of header + row arrays. */
export interface StatsResponse {
  resource: string;
  parameters: Record<string, string | number | null>;
  resultSets: { name: string; headers: string[]; rowSet: (string | number | null)[][] }[];
}

/** A request the real API would refuse with 400 and a plain-text reason. */
export class StatsRequestError extends Error {
  readonly code = 'STATS_BAD_REQUEST';
  readonly retriable = false;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'StatsRequestError';
  }
}

export const GAME_HEADER_HEADERS = [
  'GAME_DATE_EST',
  'GAME_SEQUENCE',
  'GAME_ID',
  'GAME_STATUS_ID',
  'GAME_STATUS_TEXT',
  'GAMECODE',
  'HOME_TEAM_ID',
  'VISITOR_TEAM_ID',
  'SEASON',
  'LIVE_PERIOD',
  'LIVE_PC_TIME',
  'NATL_TV_BROADCASTER_ABBREVIATION',
  'LIVE_PERIOD_TIME_BCAST',
  'WH_STATUS',
];

export const LINE_SCORE_HEADERS = [
  'GAME_DATE_EST',
  'GAME_SEQUENCE',
  'GAME_ID',
  'TEAM_ID',
  'TEAM_ABBREVIATION',
  'TEAM_CITY_NAME',
  'TEAM_WINS_LOSSES',
  'PTS_QTR1',
  'PTS_QTR2',
  'PTS_QTR3',
  'PTS_QTR4',
  'PTS_OT1',
  'PTS_OT2',
  'PTS_OT3',
  'PTS_OT4',
  'PTS_OT5',
  'PTS_OT6',
  'PTS_OT7',
  'PTS_OT8',
  'PTS_OT9',
  'PTS_OT10',
  'PTS',
  'FG_PCT',
  'FT_PCT',
  'FG3_PCT',
  'AST',
  'REB',
  'TOV',
];

export const SHOT_CHART_DETAIL_HEADERS = [
  'GRID_TYPE',
  'GAME_ID',
  'GAME_EVENT_ID',
  'PLAYER_ID',
  'PLAYER_NAME',
  'TEAM_ID',
  'TEAM_NAME',
  'PERIOD',
  'MINUTES_REMAINING',
  'SECONDS_REMAINING',
  'EVENT_TYPE',
  'ACTION_TYPE',
  'SHOT_TYPE',
  'SHOT_ZONE_BASIC',
  'SHOT_ZONE_AREA',
  'SHOT_ZONE_RANGE',
  'SHOT_DISTANCE',
  'LOC_X',
  'LOC_Y',
  'SHOT_ATTEMPTED_FLAG',
  'SHOT_MADE_FLAG',
  'GAME_DATE',
  'HTM',
  'VTM',
];

export const LEAGUE_AVERAGES_HEADERS = [
  'GRID_TYPE',
  'SHOT_ZONE_BASIC',
  'SHOT_ZONE_AREA',
  'SHOT_ZONE_RANGE',
  'FGA',
  'FGM',
  'FG_PCT',
];

/** "MM/DD/YYYY" (what the site's own pages send) or "YYYY-MM-DD" (what nba_api sends). */
function parseGameDate(text: string): string | undefined {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return isoDateFromParts(Number(us[3]), Number(us[1]), Number(us[2]));
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return isoDateFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '')
    throw new StatsRequestError(`The ${name} property is required.`);
  return value;
}

function ratio(made: number, attempts: number): number | null {
  return attempts === 0 ? null : Math.round((made / attempts) * 1000) / 1000;
}

function lineScoreRow(game: PlayedGame, side: 'home' | 'away'): (string | number | null)[] {
  const team = game[side];
  const points = game.lineScore[side];
  const shots = game.shots.filter((shot) => shot.side === side);
  const trips = game.freeThrows.filter((trip) => trip.side === side);
  const threes = shots.filter((shot) => shot.points === 3);
  const overtime = Array.from({ length: 10 }, (_, i) =>
    i < game.overtimes ? (points[4 + i] ?? 0) : 0,
  );
  return [
    `${game.date}T00:00:00`,
    game.sequence + 1,
    game.nbaGameId,
    team.teamId,
    team.nbaAbbr,
    team.city,
    null,
    ...points.slice(0, 4),
    ...overtime,
    side === 'home' ? game.homeScore : game.awayScore,
    ratio(shots.filter((shot) => shot.made).length, shots.length),
    ratio(
      trips.reduce((sum, trip) => sum + trip.made, 0),
      trips.reduce((sum, trip) => sum + trip.attempts, 0),
    ),
    ratio(threes.filter((shot) => shot.made).length, threes.length),
    null,
    null,
    null,
  ];
}

/** `/stats/scoreboardv2?GameDate=MM/DD/YYYY&LeagueID=00&DayOffset=0`. */
export function scoreboardV2(league: League, params: URLSearchParams): StatsResponse {
  const gameDateText = required(params, 'GameDate');
  const leagueId = required(params, 'LeagueID');
  const dayOffset = Number(params.get('DayOffset') ?? '0');
  const parsed = parseGameDate(gameDateText);
  if (parsed === undefined)
    throw new StatsRequestError(
      `The field GameDate must match the regular expression '^(\\d{1,2})/(\\d{1,2})/(\\d{4})$'.`,
    );
  if (!Number.isInteger(dayOffset))
    throw new StatsRequestError('The field DayOffset must be an integer.');
  const date = addDays(parsed, dayOffset);
  const games = leagueId === '00' ? league.day(date) : [];
  return {
    resource: 'scoreboardV2',
    parameters: { GameDate: gameDateText, LeagueID: leagueId, DayOffset: String(dayOffset) },
    resultSets: [
      {
        name: 'GameHeader',
        headers: GAME_HEADER_HEADERS,
        rowSet: games.map((game) => [
          `${game.date}T00:00:00`,
          game.sequence + 1,
          game.nbaGameId,
          3,
          'Final',
          `${game.date.replaceAll('-', '')}/${game.away.nbaAbbr}${game.home.nbaAbbr}`,
          game.home.teamId,
          game.away.teamId,
          String(Number(seasonLabel(game.date).slice(0, 4))),
          game.periods,
          '',
          null,
          game.overtimes === 0 ? 'Q4       - ' : `OT${game.overtimes}      - `,
          1,
        ]),
      },
      {
        name: 'LineScore',
        headers: LINE_SCORE_HEADERS,
        rowSet: games.flatMap((game) => [lineScoreRow(game, 'away'), lineScoreRow(game, 'home')]),
      },
    ],
  };
}

const CONTEXT_MEASURES = new Set(['FGA', 'FGM', 'FG3A', 'FG3M']);

/**
 * `/stats/shotchartdetail?GameID=…&PlayerID=0&TeamID=0&ContextMeasure=FGA&Season=…&SeasonType=…`:
 * one row per field-goal attempt of the game (filtered by player, team and measure), and the
 * LeagueAverages set computed over every game of that date.
 */
export function shotChartDetail(league: League, params: URLSearchParams): StatsResponse {
  const gameId = required(params, 'GameID');
  const playerId = Number(required(params, 'PlayerID'));
  const teamId = Number(required(params, 'TeamID'));
  const measure = required(params, 'ContextMeasure');
  const season = params.get('Season') ?? '';
  const seasonType = params.get('SeasonType') ?? 'Regular Season';
  if (!Number.isInteger(playerId))
    throw new StatsRequestError('The field PlayerID must be an integer.');
  if (!Number.isInteger(teamId))
    throw new StatsRequestError('The field TeamID must be an integer.');
  if (!CONTEXT_MEASURES.has(measure))
    throw new StatsRequestError(`ContextMeasure '${measure}' is not supported.`);

  const found = league.gameByNbaId(gameId);
  const game =
    found &&
    (season === '' || season === seasonLabel(found.date)) &&
    seasonType === 'Regular Season'
      ? found
      : undefined;
  const rows = (game?.shots ?? [])
    .filter((shot) => {
      const team = game?.[shot.side];
      if (playerId !== 0 && shot.player.playerId !== playerId) return false;
      if (teamId !== 0 && team?.teamId !== teamId) return false;
      if ((measure === 'FGM' || measure === 'FG3M') && !shot.made) return false;
      return !((measure === 'FG3A' || measure === 'FG3M') && shot.points !== 3);
    })
    .map((shot) => {
      const current = game as PlayedGame;
      const team = current[shot.side];
      return [
        'Shot Chart Detail',
        current.nbaGameId,
        shot.eventId,
        shot.player.playerId,
        shot.player.name,
        team.teamId,
        team.fullName,
        shot.period,
        Math.floor(shot.clockTenths / 600),
        Math.floor((shot.clockTenths % 600) / 10),
        shot.made ? 'Made Shot' : 'Missed Shot',
        shot.actionType,
        shot.points === 3 ? '3PT Field Goal' : '2PT Field Goal',
        shot.zone,
        zoneAreaOf(shot.point),
        zoneRangeOf(shot.point),
        shot.distanceFt,
        shot.point.locX,
        shot.point.locY,
        1,
        shot.made ? 1 : 0,
        current.date.replaceAll('-', ''),
        current.home.nbaAbbr,
        current.away.nbaAbbr,
      ];
    });
  return {
    resource: 'shotchart',
    parameters: {
      LeagueID: params.get('LeagueID') ?? '00',
      Season: season === '' ? null : season,
      SeasonType: seasonType,
      TeamID: teamId,
      PlayerID: playerId,
      GameID: gameId,
      ContextMeasure: measure,
      Period: 0,
      LastNGames: 0,
      Month: 0,
      OpponentTeamID: 0,
    },
    resultSets: [
      { name: 'Shot_Chart_Detail', headers: SHOT_CHART_DETAIL_HEADERS, rowSet: rows },
      {
        name: 'LeagueAverages',
        headers: LEAGUE_AVERAGES_HEADERS,
        rowSet: game ? leagueAverages(league.day(game.date)) : [],
      },
    ],
  };
}

function leagueAverages(games: readonly PlayedGame[]): (string | number | null)[][] {
  const groups = new Map<
    string,
    { basic: string; area: string; range: string; fga: number; fgm: number }
  >();
  for (const game of games) {
    for (const shot of game.shots) {
      const area = zoneAreaOf(shot.point);
      const range = zoneRangeOf(shot.point);
      const key = `${shot.zone}|${area}|${range}`;
      const group = groups.get(key) ?? { basic: shot.zone, area, range, fga: 0, fgm: 0 };
      group.fga += 1;
      if (shot.made) group.fgm += 1;
      groups.set(key, group);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => [
      'League Averages',
      group.basic,
      group.area,
      group.range,
      group.fga,
      group.fgm,
      ratio(group.fgm, group.fga),
    ]);
}
