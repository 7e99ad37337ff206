import {
  chartFeet,
  chartPixels,
  feetFromPixels,
  isThreePointer,
  sampleShotPoint,
  SHOT_ZONES,
  shotDistanceFt,
  zoneAreaOf,
  zoneOf,
  zoneRangeOf,
} from './court';
import { Rng } from './random';

describe('court geometry', () => {
  it('classifies the standard spots', () => {
    expect(zoneOf({ locX: 0, locY: 0 })).toBe('Restricted Area');
    expect(zoneOf({ locX: 30, locY: 100 })).toBe('In The Paint (Non-RA)');
    expect(zoneOf({ locX: 0, locY: 180 })).toBe('Mid-Range');
    expect(zoneOf({ locX: 230, locY: 10 })).toBe('Left Corner 3');
    expect(zoneOf({ locX: -230, locY: 10 })).toBe('Right Corner 3');
    expect(zoneOf({ locX: 0, locY: 250 })).toBe('Above the Break 3');
    expect(isThreePointer({ locX: 0, locY: 237 })).toBe(false);
    expect(isThreePointer({ locX: 0, locY: 238 })).toBe(true);
    expect(zoneAreaOf({ locX: -230, locY: 10 })).toBe('Right Side(R)');
    expect(zoneAreaOf({ locX: 150, locY: 200 })).toBe('Left Side Center(LC)');
    expect(zoneRangeOf({ locX: 0, locY: 250 })).toBe('24+ ft.');
    expect(shotDistanceFt({ locX: 30, locY: 40 })).toBe(5);
  });

  it('puts the hoop 5.25 ft below the baseline at mid-court width, and the shooter right on the chart right', () => {
    expect(chartFeet({ locX: 0, locY: 0 })).toEqual({ xFt: 25, yFt: 5.25 });
    expect(chartPixels({ locX: 0, locY: 0 })).toEqual({ topPx: 53, leftPx: 250 });
    expect(chartPixels({ locX: -230, locY: 0 }).leftPx).toBe(480);
    // basketball-reference's own example marker: top 292, left 335 is a 25 ft three.
    const { xFt, yFt } = feetFromPixels(292, 335);
    expect(Math.hypot(xFt - 25, yFt - 5.25)).toBeGreaterThan(23.75);
  });

  it('samples every zone inside that zone, on the drawn half court, and pixels give the feet back within 0.05 ft', () => {
    const rng = new Rng(1, 'court');
    for (const zone of SHOT_ZONES) {
      for (let i = 0; i < 400; i += 1) {
        const point = sampleShotPoint(rng, zone);
        expect(zoneOf(point)).toBe(zone);
        const feet = chartFeet(point);
        expect(feet.xFt).toBeGreaterThanOrEqual(0);
        expect(feet.xFt).toBeLessThanOrEqual(50);
        expect(feet.yFt).toBeGreaterThanOrEqual(0);
        expect(feet.yFt).toBeLessThanOrEqual(47);
        const { topPx, leftPx } = chartPixels(point);
        const back = feetFromPixels(topPx, leftPx);
        expect(Math.abs(back.xFt - feet.xFt)).toBeLessThanOrEqual(0.05);
        expect(Math.abs(back.yFt - feet.yFt)).toBeLessThanOrEqual(0.05);
        expect(isThreePointer(point)).toBe(zone.endsWith('3'));
      }
    }
  });
});
