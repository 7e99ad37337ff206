/**
 * basketball-reference draws a half court of 50 × 47 ft as a 500 × 472 px image with the baseline at
 * the top; a shot's marker is placed by `top` and `left` in px. stats.nba.com's LOC_X / LOC_Y are
 * tenths of a foot from the hoop (5.25 ft in from the baseline, mid-court), LOC_X negative on the
 * shooter's right, which is the chart's left.
 */
export const CHART_PX = { width: 500, height: 472 } as const;
export const COURT_FT = { width: 50, halfLength: 47 } as const;
const HOOP_FROM_BASELINE_FT = 5.25;

export interface ChartPosition {
  /** Feet from the left sideline (as drawn). */
  xFt: number;
  /** Feet from the baseline. */
  yFt: number;
  /** stats.nba.com LOC_X / LOC_Y, tenths of a foot from the hoop. */
  locX: number;
  locY: number;
}

// `|| 0` turns -0 into 0, so values compare and print plainly.
const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits || 0;

/** A marker's pixels → court feet (within half a pixel: 0.05 ft) and hoop-relative tenths. */
export function chartPosition(topPx: number, leftPx: number): ChartPosition {
  const xFt = (leftPx * COURT_FT.width) / CHART_PX.width;
  const yFt = (topPx * COURT_FT.halfLength) / CHART_PX.height;
  return {
    xFt: round(xFt, 2),
    yFt: round(yFt, 2),
    locX: round((COURT_FT.width / 2 - xFt) * 10, 1),
    locY: round((yFt - HOOP_FROM_BASELINE_FT) * 10, 1),
  };
}

/** stats.nba.com's LOC_X / LOC_Y → the same court feet. */
export function feetFromLoc(locX: number, locY: number): { xFt: number; yFt: number } {
  return {
    xFt: round(COURT_FT.width / 2 - locX / 10, 2),
    yFt: round(HOOP_FROM_BASELINE_FT + locY / 10, 2),
  };
}

/** `top:292px;left:335px;` → pixels; undefined when either is missing. */
export function markerPixels(style: string): { topPx: number; leftPx: number } | undefined {
  const top = /(?:^|;)\s*top\s*:\s*(-?\d+(?:\.\d+)?)px/i.exec(style);
  const left = /(?:^|;)\s*left\s*:\s*(-?\d+(?:\.\d+)?)px/i.exec(style);
  if (!top || !left) return undefined;
  return { topPx: Number(top[1]), leftPx: Number(left[1]) };
}
