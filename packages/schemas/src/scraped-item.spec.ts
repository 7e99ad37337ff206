import { ScrapedShot, ShotChartShot } from './scraped-item';
import { SCRAPER_SHOT_CHARTS } from './topics';

/** A record exactly as version 1 of the schema described it (every field required, no others). */
const versionOneRecord = {
  spider: 'shot-charts',
  url: 'https://stats.example.test/shotchartdetail?GameID=0022400061',
  fetched_at: '2024-10-23T06:30:00.000Z',
  item: {
    game_id: '0022400061',
    game_event_id: 7,
    game_date: '2024-10-22',
    player_id: 1629216,
    player_name: 'Austin Reaves',
    team_id: 1610612747,
    period: 1,
    minutes_remaining: 11,
    seconds_remaining: 42,
    action_type: 'Driving Layup Shot',
    shot_type: '2PT Field Goal',
    shot_zone_basic: 'Restricted Area',
    shot_zone_area: 'Center(C)',
    shot_zone_range: 'Less Than 8 ft.',
    shot_distance: 4,
    loc_x: -15,
    loc_y: 38,
    shot_made: false,
    home_team: 'LAL',
    visitor_team: 'MIN',
  },
};

/** What the HTML spider knows about a shot: no event, player or zone ids, but the score and clock. */
const htmlRecord = {
  spider: 'shot-charts',
  url: 'https://www.basketball-reference.com/boxscores/shot-chart/202410220LAL.html',
  fetched_at: '2024-10-23T06:30:00.000Z',
  item: {
    ...versionOneRecord.item,
    game_id: '202410220LAL',
    game_event_id: null,
    player_id: null,
    action_type: null,
    shot_zone_basic: null,
    shot_zone_area: null,
    shot_zone_range: null,
    shot_id: 'LAL-1',
    bbref_game_id: '202410220LAL',
    bbref_player_id: 'reaveau01',
    team_abbr: 'LAL',
    period_seconds_remaining: 702,
    x_ft: 26.5,
    y_ft: 9.07,
    home_score: 0,
    visitor_score: 0,
  },
};

/** Bronze columns of version 1, name and type: later versions may add columns, never change these. */
const VERSION_ONE_COLUMNS = [
  ['spider', 'string'],
  ['url', 'string'],
  ['fetched_at', 'timestamp'],
  ['game_id', 'string'],
  ['game_event_id', 'int64'],
  ['game_date', 'date'],
  ['player_id', 'int64'],
  ['player_name', 'string'],
  ['team_id', 'int64'],
  ['period', 'int64'],
  ['shot_type', 'string'],
  ['shot_distance', 'double'],
  ['loc_x', 'double'],
  ['loc_y', 'double'],
  ['shot_made', 'boolean'],
] as const;

describe('ShotChartShot, evolved for two spiders', () => {
  it('still accepts every version-1 record, with the same Kafka key as before', () => {
    const record = SCRAPER_SHOT_CHARTS.schema.parse(versionOneRecord);
    expect(SCRAPER_SHOT_CHARTS.key(record)).toBe('0022400061:7');
    expect(SCRAPER_SHOT_CHARTS.schemaVersion).toBe(1);
  });

  it('accepts what the HTML chart knows, keyed by the shot id within the game', () => {
    const record = ScrapedShot.parse(htmlRecord);
    expect(SCRAPER_SHOT_CHARTS.key(record)).toBe('202410220LAL:LAL-1');
    const columns = Object.fromEntries(
      SCRAPER_SHOT_CHARTS.columns.map((column) => [column.name, column.value(record)]),
    );
    expect(columns).toMatchObject({
      game_event_id: null,
      player_id: null,
      shot_id: 'LAL-1',
      home_score: 0,
      period_seconds_remaining: 702,
    });
  });

  it('refuses a shot that cannot be keyed, and chart coordinates that are pixels, not feet', () => {
    const unkeyed = ShotChartShot.safeParse({ ...htmlRecord.item, shot_id: undefined });
    expect(unkeyed.success).toBe(false);
    expect(unkeyed.error?.issues[0]?.message).toMatch(/shot_id or a game_event_id/);
    expect(ShotChartShot.safeParse({ ...htmlRecord.item, x_ft: 265 }).success).toBe(false);
    expect(ShotChartShot.safeParse({ ...htmlRecord.item, bbref_game_id: 'LAL' }).success).toBe(
      false,
    );
  });

  it('keeps every version-1 bronze column with its type, and only adds nullable ones', () => {
    const current = new Map(SCRAPER_SHOT_CHARTS.columns.map((column) => [column.name, column]));
    for (const [name, type] of VERSION_ONE_COLUMNS) expect(current.get(name)?.type).toBe(type);
    const v1 = new Set<string>(VERSION_ONE_COLUMNS.map(([name]) => name));
    const added = SCRAPER_SHOT_CHARTS.columns.filter((column) => !v1.has(column.name));
    expect(added.length).toBeGreaterThan(0);
    // A version-1 record has none of the new optional fields: its new columns must allow null.
    const old = ScrapedShot.parse(versionOneRecord);
    for (const column of added) {
      if (column.value(old) === null) expect(column.nullable).toBe(true);
    }
  });
});
