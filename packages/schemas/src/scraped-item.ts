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

/** One shot of a basketball shot chart (stats.nba.com `shotchartdetail` semantics). */
export const ShotChartShot = z.object({
  game_id: z.string().min(1),
  game_event_id: z.number().int().nonnegative(),
  game_date: z.iso.date(),
  player_id: z.number().int().positive(),
  player_name: z.string().min(1),
  team_id: z.number().int().positive(),
  period: z.number().int().min(1).max(10),
  minutes_remaining: z.number().int().min(0).max(12),
  seconds_remaining: z.number().int().min(0).max(59),
  action_type: z.string(),
  shot_type: z.enum(['2PT Field Goal', '3PT Field Goal']),
  shot_zone_basic: z.string(),
  shot_zone_area: z.string(),
  shot_zone_range: z.string(),
  shot_distance: z.number().nonnegative(),
  /** Tenths of a foot from the hoop, which sits at (0, 0). */
  loc_x: z.number(),
  loc_y: z.number(),
  shot_made: z.boolean(),
  home_team: z.string().min(2).max(4),
  visitor_team: z.string().min(2).max(4),
});
export type ShotChartShot = z.infer<typeof ShotChartShot>;

export const ScrapedShot = scrapedItem(ShotChartShot);
export type ScrapedShot = z.infer<typeof ScrapedShot>;
