import { z } from 'zod';

/** Any spider's output: which spider, where from, when, and the validated item itself. */
export function scrapedItem<Item extends z.ZodType>(item: Item) {
  return z.object({
    spider: z.string().regex(/^[a-z][a-z0-9-]*$/),
    url: z.url(),
    fetched_at: z.iso.datetime({ offset: true }),
    item,
  });
}

/**
 * One shot of a basketball shot chart, from either source: stats.nba.com's `shotchartdetail`
 * (the `shot-charts-api` spider) or basketball-reference's shot-chart page (`shot-charts`).
 *
 * Version 1 had only the stats.nba.com fields, all required. The HTML page has no event id, no
 * player id, no action type and no zones, so those are now nullable, and the facts the page adds
 * (score after the shot, clock tenths, chart feet, basketball-reference ids) are new optional fields.
 * Every version-1 record still validates, so the schema version stays 1.
 *
 * `game_id` is the game's id at the spider's source (`0022400061` from stats.nba.com,
 * `202410220BOS` from basketball-reference); `bbref_game_id` is the same for both and joins them.
 * Team abbreviations are stats.nba.com's (BKN, CHA, PHX) whatever the source.
 */
export const ShotChartShot = z
  .object({
    game_id: z.string().min(1),
    game_event_id: z.number().int().nonnegative().nullable(),
    game_date: z.iso.date(),
    player_id: z.number().int().positive().nullable(),
    player_name: z.string().min(1),
    team_id: z.number().int().positive().nullable(),
    /** 1–4 quarters, 5 = first overtime, … */
    period: z.number().int().min(1).max(10),
    minutes_remaining: z.number().int().min(0).max(12),
    seconds_remaining: z.number().int().min(0).max(59),
    action_type: z.string().nullable(),
    shot_type: z.enum(['2PT Field Goal', '3PT Field Goal']),
    shot_zone_basic: z.string().nullable(),
    shot_zone_area: z.string().nullable(),
    shot_zone_range: z.string().nullable(),
    /** Whole feet to the hoop, truncated. */
    shot_distance: z.number().nonnegative(),
    /** Tenths of a foot from the hoop, which sits at (0, 0); negative x on the shooter's right. */
    loc_x: z.number(),
    loc_y: z.number(),
    shot_made: z.boolean(),
    home_team: z.string().min(2).max(4),
    visitor_team: z.string().min(2).max(4),

    // Added after version 1 (optional, so version-1 records stay valid).
    /** The shot's id within its game at its source: GAME_EVENT_ID, or `{TEAM}-{n}` on the HTML chart. */
    shot_id: z.string().min(1).optional(),
    bbref_game_id: z
      .string()
      .regex(/^\d{8}0[A-Z]{3}$/)
      .nullable()
      .optional(),
    /** basketball-reference's player id ("reaveau01"), when the spider saw the box score. */
    bbref_player_id: z.string().min(1).nullable().optional(),
    /** The shooting team's stats.nba.com abbreviation. */
    team_abbr: z.string().min(2).max(4).optional(),
    /** Seconds left in the period; tenths when the source has them (the HTML chart). */
    period_seconds_remaining: z.number().min(0).max(720).optional(),
    /** Feet from the court's left sideline and from the baseline, as drawn on a 50 × 47 ft half court. */
    x_ft: z.number().min(-5).max(55).optional(),
    y_ft: z.number().min(-5).max(94).optional(),
    /** Score after the shot (only the HTML chart says it). */
    home_score: z.number().int().nonnegative().nullable().optional(),
    visitor_score: z.number().int().nonnegative().nullable().optional(),
  })
  .refine((shot) => shot.shot_id !== undefined || shot.game_event_id !== null, {
    message: 'a shot needs a shot_id or a game_event_id to be keyed',
    path: ['shot_id'],
  });
export type ShotChartShot = z.infer<typeof ShotChartShot>;

export const ScrapedShot = scrapedItem(ShotChartShot);
export type ScrapedShot = z.infer<typeof ScrapedShot>;
