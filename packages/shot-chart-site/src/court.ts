import type { Rng } from './random';

/**
 * Court geometry shared by both views. A shot's true position is (LOC_X, LOC_Y) in tenths of a foot
 * with the hoop at (0, 0), LOC_Y growing towards half court and LOC_X negative on the shooter's
 * right (stats.nba.com's convention). basketball-reference draws the half court with the baseline at
 * the top, 500 × 472 px for 50 × 47 ft: the chart's x grows to the right (the shooter's right), so
 * chart feet are x = 25 − LOC_X/10 and y = 5.25 + LOC_Y/10 from the top-left corner.
 */
export const CHART_WIDTH_PX = 500;
export const CHART_HEIGHT_PX = 472;
export const COURT_WIDTH_FT = 50;
export const HALF_COURT_FT = 47;
export const HOOP_FROM_BASELINE_FT = 5.25;
const PX_PER_FT_X = CHART_WIDTH_PX / COURT_WIDTH_FT;
const PX_PER_FT_Y = CHART_HEIGHT_PX / HALF_COURT_FT;

export const SHOT_ZONES = [
  'Restricted Area',
  'In The Paint (Non-RA)',
  'Mid-Range',
  'Left Corner 3',
  'Right Corner 3',
  'Above the Break 3',
] as const;
export type ShotZone = (typeof SHOT_ZONES)[number];

export type ZoneArea =
  'Center(C)' | 'Left Side Center(LC)' | 'Right Side Center(RC)' | 'Left Side(L)' | 'Right Side(R)';
export type ZoneRange = 'Less Than 8 ft.' | '8-16 ft.' | '16-24 ft.' | '24+ ft.';

export interface CourtPoint {
  /** Tenths of a foot, hoop at 0; negative on the shooter's right. */
  locX: number;
  /** Tenths of a foot from the hoop towards half court (a little negative under the rim). */
  locY: number;
}

export function distanceTenths(point: CourtPoint): number {
  return Math.hypot(point.locX, point.locY);
}

/** Whole feet, truncated, as both upstreams print it ("from 4 ft", SHOT_DISTANCE). */
export function shotDistanceFt(point: CourtPoint): number {
  return Math.floor(distanceTenths(point) / 10);
}

/** Beyond the 23.75 ft arc, or in a corner: at least 22 ft to the side and below the break. */
export function isThreePointer(point: CourtPoint): boolean {
  return (Math.abs(point.locX) >= 220 && point.locY <= 89) || distanceTenths(point) >= 237.5;
}

export function zoneOf(point: CourtPoint): ShotZone {
  if (isThreePointer(point)) {
    if (Math.abs(point.locX) >= 220 && point.locY <= 89) {
      return point.locX > 0 ? 'Left Corner 3' : 'Right Corner 3';
    }
    return 'Above the Break 3';
  }
  if (distanceTenths(point) < 40) return 'Restricted Area';
  if (Math.abs(point.locX) < 80 && point.locY < 137.5) return 'In The Paint (Non-RA)';
  return 'Mid-Range';
}

export function zoneAreaOf(point: CourtPoint): ZoneArea {
  const zone = zoneOf(point);
  if (zone === 'Restricted Area') return 'Center(C)';
  const left = point.locX > 0;
  if (zone === 'Left Corner 3' || zone === 'Right Corner 3') {
    return left ? 'Left Side(L)' : 'Right Side(R)';
  }
  const offCenterDeg = Math.abs(90 - (Math.atan2(point.locY, point.locX) * 180) / Math.PI);
  if (offCenterDeg <= 22.5) return 'Center(C)';
  if (zone === 'In The Paint (Non-RA)') return left ? 'Left Side(L)' : 'Right Side(R)';
  if (offCenterDeg <= 60 || zone === 'Above the Break 3') {
    return left ? 'Left Side Center(LC)' : 'Right Side Center(RC)';
  }
  return left ? 'Left Side(L)' : 'Right Side(R)';
}

export function zoneRangeOf(point: CourtPoint): ZoneRange {
  const feet = distanceTenths(point) / 10;
  if (feet < 8) return 'Less Than 8 ft.';
  if (feet < 16) return '8-16 ft.';
  if (feet < 24) return '16-24 ft.';
  return '24+ ft.';
}

/** Feet from the chart's top-left corner (the left sideline at the baseline). */
export function chartFeet(point: CourtPoint): { xFt: number; yFt: number } {
  return {
    xFt: round2(COURT_WIDTH_FT / 2 - point.locX / 10),
    yFt: round2(HOOP_FROM_BASELINE_FT + point.locY / 10),
  };
}

/** The `top:…px;left:…px` of the shot's marker on basketball-reference's chart. */
export function chartPixels(point: CourtPoint): { topPx: number; leftPx: number } {
  const { xFt, yFt } = chartFeet(point);
  return { topPx: Math.round(yFt * PX_PER_FT_Y), leftPx: Math.round(xFt * PX_PER_FT_X) };
}

/** What a scraper recovers from the pixels (within half a pixel: 0.05 ft). */
export function feetFromPixels(topPx: number, leftPx: number): { xFt: number; yFt: number } {
  return { xFt: leftPx / PX_PER_FT_X, yFt: topPx / PX_PER_FT_Y };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function polar(tenths: number, degrees: number): CourtPoint {
  const radians = (degrees * Math.PI) / 180;
  return {
    locX: Math.round(tenths * Math.cos(radians)),
    locY: Math.round(tenths * Math.sin(radians)),
  };
}

/**
 * A position inside the zone, kept clear of the lines so the zone, the 2/3 decision and the
 * distance never depend on rounding. Left/right corners are chosen by `zone`.
 */
export function sampleShotPoint(rng: Rng, zone: ShotZone): CourtPoint {
  for (;;) {
    const point = candidate(rng, zone);
    if (zoneOf(point) === zone && point.locY >= -45) return point;
  }
}

function candidate(rng: Rng, zone: ShotZone): CourtPoint {
  switch (zone) {
    case 'Restricted Area':
      return polar(rng.uniform(0, 38), rng.uniform(-10, 190));
    case 'In The Paint (Non-RA)': {
      const point = { locX: rng.int(-75, 75), locY: rng.int(-40, 132) };
      return distanceTenths(point) < 44 ? { locX: 0, locY: 0 } : point;
    }
    case 'Mid-Range': {
      const point = polar(rng.uniform(85, 230), rng.uniform(-12, 192));
      const inPaint = Math.abs(point.locX) < 84 && point.locY < 141;
      const nearCorner = Math.abs(point.locX) > 212;
      return inPaint || nearCorner ? { locX: 0, locY: 0 } : point;
    }
    case 'Left Corner 3':
      return { locX: rng.int(224, 246), locY: rng.int(-40, 84) };
    case 'Right Corner 3':
      return { locX: -rng.int(224, 246), locY: rng.int(-40, 84) };
    case 'Above the Break 3': {
      const tenths = rng.chance(0.1) ? rng.uniform(270, 320) : rng.uniform(241, 270);
      const point = polar(tenths, rng.uniform(0, 180));
      return point.locY > 95 && Math.abs(point.locX) <= 246 ? point : { locX: 0, locY: 0 };
    }
  }
}

const ACTIONS: Record<ShotZone, readonly string[]> = {
  'Restricted Area': [
    'Driving Layup Shot',
    'Layup Shot',
    'Dunk Shot',
    'Cutting Layup Shot',
    'Tip Layup Shot',
    'Driving Finger Roll Layup Shot',
    'Alley Oop Dunk Shot',
    'Putback Layup Shot',
  ],
  'In The Paint (Non-RA)': [
    'Driving Floating Jump Shot',
    'Hook Shot',
    'Turnaround Hook Shot',
    'Floating Jump shot',
    'Jump Shot',
  ],
  'Mid-Range': [
    'Jump Shot',
    'Pullup Jump shot',
    'Step Back Jump shot',
    'Fadeaway Jump Shot',
    'Turnaround Fadeaway shot',
  ],
  'Left Corner 3': ['Jump Shot', 'Jump Shot', 'Running Jump Shot'],
  'Right Corner 3': ['Jump Shot', 'Jump Shot', 'Running Jump Shot'],
  'Above the Break 3': ['Jump Shot', 'Pullup Jump shot', 'Step Back Jump shot'],
};

export function sampleActionType(rng: Rng, zone: ShotZone): string {
  return rng.pick(ACTIONS[zone]);
}

/** Made-shot probability of an average shooter, per zone (modern league averages). */
export const ZONE_MAKE_PROBABILITY: Record<ShotZone, number> = {
  'Restricted Area': 0.62,
  'In The Paint (Non-RA)': 0.42,
  'Mid-Range': 0.4,
  'Left Corner 3': 0.38,
  'Right Corner 3': 0.38,
  'Above the Break 3': 0.35,
};
