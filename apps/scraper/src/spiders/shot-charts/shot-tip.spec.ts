import { League, truthShots } from '@tributary/shot-chart-site';
import { chartPosition, feetFromLoc, markerPixels } from './court';
import { parseShotTip, ShotTipError } from './shot-tip';

describe('shot tips', () => {
  it('reads the upstream example: period, clock, shooter, result, points, distance and a tied score', () => {
    expect(
      parseShotTip(
        '1st quarter, 11:42.0 remaining<br>Austin Reaves missed 2-pointer from 4 ft<br>LA Lakers tied 0-0',
      ),
    ).toEqual({
      period: 1,
      clockTenths: 7_020,
      player: 'Austin Reaves',
      made: false,
      points: 2,
      distanceFt: 4,
      team: 'LA Lakers',
      lead: 'tied',
      changedLead: false,
      teamScore: 0,
      opponentScore: 0,
    });
  });

  it('numbers overtimes after the fourth quarter', () => {
    expect(
      parseShotTip(
        '1st OT, 4:59.9 remaining<br>A B made 3-pointer from 25 ft<br>Boston leads 104-101',
      ).period,
    ).toBe(5);
    expect(
      parseShotTip(
        '3rd OT, 0:00.4 remaining<br>A B made 2-pointer from 1 ft<br>Boston leads 140-139',
      ),
    ).toMatchObject({
      period: 7,
      clockTenths: 4,
    });
  });

  it('reads leads, trails, tied and the "now" of a shot that changed the lead, with two-word teams', () => {
    expect(
      parseShotTip(
        '4th quarter, 0:02.1 remaining<br>Stephen Curry made 3-pointer from 27 ft<br>Golden State now leads 110-108',
      ),
    ).toMatchObject({
      team: 'Golden State',
      lead: 'leads',
      changedLead: true,
      teamScore: 110,
      opponentScore: 108,
      points: 3,
      made: true,
    });
    expect(
      parseShotTip(
        '2nd quarter, 5:00.0 remaining<br>Jalen Williams missed 2-pointer from 12 ft<br>Oklahoma City trails 40-44',
      ),
    ).toMatchObject({
      team: 'Oklahoma City',
      lead: 'trails',
    });
    expect(
      parseShotTip(
        "3rd quarter, 1:00.0 remaining<br>Royce O'Neale Jr. made 2-pointer from 0 ft<br>LA Clippers now tied 70-70",
      ),
    ).toMatchObject({
      player: "Royce O'Neale Jr.",
      team: 'LA Clippers',
      lead: 'tied',
      changedLead: true,
      distanceFt: 0,
    });
  });

  it('refuses wording it does not know, naming the line', () => {
    const bad = (tip: string) => {
      try {
        parseShotTip(tip);
        return undefined;
      } catch (error) {
        return (error as ShotTipError).line;
      }
    };
    expect(bad('1st quarter, 11:42.0 remaining<br>Austin Reaves missed 2-pointer from 4 ft')).toBe(
      'layout',
    );
    expect(bad('5th quarter, 1:00.0 remaining<br>A missed 2-pointer from 4 ft<br>X tied 0-0')).toBe(
      'period',
    );
    expect(bad('1st quarter, 1:00.0 remaining<br>A shot 2-pointer from 4 ft<br>X tied 0-0')).toBe(
      'shot',
    );
    expect(
      bad('1st quarter, 1:00.0 remaining<br>A missed 2-pointer from 4 ft<br>X leads 0-2'),
    ).toBe('score');
  });

  it('reads every tip of a generated month exactly as the site generated it', () => {
    const league = new League({ seed: 7, from: '2024-11-01', to: '2024-11-30' });
    let checked = 0;
    let overtime = 0;
    for (const date of ['2024-11-01', '2024-11-08', '2024-11-15', '2024-11-22', '2024-11-29']) {
      for (const game of league.day(date)) {
        for (const truth of truthShots(game)) {
          const tip = parseShotTip(truth.tip);
          const own = truth.home ? truth.homeScore : truth.awayScore;
          const other = truth.home ? truth.awayScore : truth.homeScore;
          expect({ ...tip, lead: undefined, changedLead: undefined }).toEqual({
            period: truth.period,
            clockTenths: truth.clockTenths,
            player: truth.playerName,
            made: truth.made,
            points: truth.points,
            distanceFt: truth.distanceFt,
            team: truth.teamName,
            lead: undefined,
            changedLead: undefined,
            teamScore: own,
            opponentScore: other,
          });
          if (truth.period > 4) overtime += 1;
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(5_000);
    expect(overtime).toBeGreaterThan(0);
  });
});

describe('court geometry', () => {
  it('turns the chart’s pixels into feet (500 × 472 px for 50 × 47 ft) and hoop-relative tenths', () => {
    expect(chartPosition(0, 0)).toEqual({ xFt: 0, yFt: 0, locX: 250, locY: -52.5 });
    expect(chartPosition(472, 500)).toEqual({ xFt: 50, yFt: 47, locX: -250, locY: 417.5 });
    // The hoop: 25 ft across, 5.25 ft from the baseline = 52.72 px.
    expect(chartPosition(52.72, 250)).toMatchObject({ locX: 0, locY: 0 });
    expect(feetFromLoc(-15, 38)).toEqual({ xFt: 26.5, yFt: 9.05 });
  });

  it('recovers every generated shot within half a pixel: x exactly, y within 0.06 ft', () => {
    const league = new League({ seed: 3, from: '2024-12-01', to: '2024-12-03' });
    for (const game of league.day('2024-12-02')) {
      for (const truth of truthShots(game)) {
        const position = chartPosition(truth.topPx, truth.leftPx);
        expect(Math.abs(position.locX - truth.locX)).toBe(0);
        expect(Math.abs(position.locY - truth.locY)).toBeLessThanOrEqual(0.6);
        expect(Math.abs(position.xFt - truth.xFt)).toBeLessThanOrEqual(0.051);
        expect(Math.abs(position.yFt - truth.yFt)).toBeLessThanOrEqual(0.06);
      }
    }
  });

  it('reads a marker’s style, whatever the order and spacing', () => {
    expect(markerPixels('top:292px;left:335px;')).toEqual({ topPx: 292, leftPx: 335 });
    expect(markerPixels('left: 3px; top: 40px')).toEqual({ topPx: 40, leftPx: 3 });
    expect(markerPixels('position:absolute')).toBeUndefined();
  });
});
