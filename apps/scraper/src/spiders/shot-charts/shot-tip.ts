/** What a shot's `tip` attribute says, read in full. */
export interface ShotTip {
  /** 1–4 quarters, 5 = first overtime … */
  period: number;
  /** Time left in the period, in tenths of a second. */
  clockTenths: number;
  player: string;
  made: boolean;
  points: 2 | 3;
  /** Whole feet, as printed. */
  distanceFt: number;
  /** The shooting team as the score line names it ("LA Lakers", "Golden State"). */
  team: string;
  /** After the shot, from the shooting team's side. */
  lead: 'leads' | 'trails' | 'tied';
  /** "now leads" / "now tied": the shot changed who leads. */
  changedLead: boolean;
  teamScore: number;
  opponentScore: number;
}

/** Why a tip could not be read: which line, and the line itself. */
export class ShotTipError extends Error {
  constructor(
    readonly line: 'period' | 'shot' | 'score' | 'layout',
    readonly text: string,
  ) {
    super(`cannot read the ${line} line of a shot tip: "${text}"`);
    this.name = 'ShotTipError';
  }
}

// "1st quarter, 11:42.0 remaining" / "2nd OT, 0:04.7 remaining"
const PERIOD = /^(\d+)(?:st|nd|rd|th) (quarter|OT), (\d{1,2}):(\d{2})(?:\.(\d))? remaining$/;
// "Austin Reaves missed 2-pointer from 4 ft" — the name is everything before the last made/missed.
const SHOT = /^(.+) (made|missed) ([23])-pointer from (\d+) ft$/;
// "LA Lakers tied 0-0", "Golden State now leads 12-10" — the team is the shortest prefix that fits.
const SCORE = /^(.+?) (now )?(leads|trails|tied) (\d+)-(\d+)$/;

/**
 * Reads basketball-reference's three-line shot tip (lines split by a literal `<br>`): period and
 * clock, shooter with the result, points and distance, then the score after the shot from the
 * shooting team's side.
 */
export function parseShotTip(tip: string): ShotTip {
  const lines = tip.split(/<br\s*\/?>/i).map((line) => line.trim().replace(/\s+/g, ' '));
  if (lines.length !== 3) throw new ShotTipError('layout', tip);
  const [periodLine = '', shotLine = '', scoreLine = ''] = lines;

  const period = PERIOD.exec(periodLine);
  if (!period) throw new ShotTipError('period', periodLine);
  const ordinal = Number(period[1]);
  const isQuarter = period[2] === 'quarter';
  if (ordinal < 1 || (isQuarter && ordinal > 4)) throw new ShotTipError('period', periodLine);
  const minutes = Number(period[3]);
  const seconds = Number(period[4]);
  if (seconds > 59 || minutes > 12) throw new ShotTipError('period', periodLine);

  const shot = SHOT.exec(shotLine);
  if (!shot) throw new ShotTipError('shot', shotLine);

  const score = SCORE.exec(scoreLine);
  if (!score) throw new ShotTipError('score', scoreLine);
  const teamScore = Number(score[4]);
  const opponentScore = Number(score[5]);
  const lead = score[3] as ShotTip['lead'];
  const expected =
    teamScore > opponentScore ? 'leads' : teamScore < opponentScore ? 'trails' : 'tied';
  if (lead !== expected) throw new ShotTipError('score', scoreLine);

  return {
    period: isQuarter ? ordinal : 4 + ordinal,
    clockTenths: minutes * 600 + seconds * 10 + Number(period[5] ?? 0),
    player: shot[1] ?? '',
    made: shot[2] === 'made',
    points: shot[3] === '3' ? 3 : 2,
    distanceFt: Number(shot[4]),
    team: score[1] ?? '',
    lead,
    changedLead: score[2] !== undefined,
    teamScore,
    opponentScore,
  };
}
