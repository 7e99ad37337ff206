import type { GameShot, PlayedGame } from './game-simulator';

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "1st quarter" … "4th quarter", then "1st OT", "2nd OT", … */
export function periodLabel(period: number): string {
  return period <= 4 ? `${ordinal(period)} quarter` : `${ordinal(period - 4)} OT`;
}

/** Time left as basketball-reference prints it: "11:42.0", "0:04.7". */
export function formatClock(clockTenths: number): string {
  const minutes = Math.floor(clockTenths / 600);
  const seconds = Math.floor((clockTenths % 600) / 10);
  const tenths = clockTenths % 10;
  return `${minutes}:${String(seconds).padStart(2, '0')}.${tenths}`;
}

type LeadState = 'leads' | 'trails' | 'tied';

function leadState(own: number, opponent: number): LeadState {
  if (own > opponent) return 'leads';
  if (own < opponent) return 'trails';
  return 'tied';
}

/**
 * The third line of a tip, from the shooting team's side, after the shot: "LA Lakers leads 12-10",
 * "… trails 10-12", "… tied 0-0". A make that changes the state says so: "now leads", "now tied".
 * ("now trails" cannot follow the shooting team's own basket, so it never appears.)
 */
export function scoreLine(game: PlayedGame, shot: GameShot): string {
  const team = shot.side === 'home' ? game.home : game.away;
  const own = shot.side === 'home' ? shot.homeScore : shot.awayScore;
  const opponent = shot.side === 'home' ? shot.awayScore : shot.homeScore;
  const after = leadState(own, opponent);
  const before = shot.made ? leadState(own - shot.points, opponent) : after;
  const verb = after === before ? after : `now ${after}`;
  return `${team.shortName} ${verb} ${own}-${opponent}`;
}

/** The shot's `tip` attribute text, with basketball-reference's literal `<br>` separators. */
export function shotTip(game: PlayedGame, shot: GameShot): string {
  const action = `${shot.made ? 'made' : 'missed'} ${shot.points}-pointer from ${shot.distanceFt} ft`;
  return [
    `${periodLabel(shot.period)}, ${formatClock(shot.clockTenths)} remaining`,
    `${shot.player.name} ${action}`,
    scoreLine(game, shot),
  ].join('<br>');
}
