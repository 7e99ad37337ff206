import type { PlayedGame } from '../game-simulator';
import { addDays, seasonStartYear } from '../schedule';
import type { Team } from '../teams';
import { dayPath, escapeHtml, layout, longDate } from './html';

export interface DayPageInput {
  date: string;
  games: readonly PlayedGame[];
  /** The range that has games: prev/next links stay inside it. */
  from: string;
  to: string;
}

export function teamPath(team: Team, date: string): string {
  return `/teams/${team.abbr}/${seasonStartYear(date) + 1}.html`;
}

function overtimeLabel(overtimes: number): string {
  if (overtimes === 0) return '&nbsp;';
  return overtimes === 1 ? 'OT' : `${overtimes}OT`;
}

function summary(game: PlayedGame): string {
  const homeWon = game.homeScore > game.awayScore;
  const row = (team: Team, score: number, won: boolean, last: string): string =>
    `<tr class="${won ? 'winner' : 'loser'}">` +
    `<td><a href="${teamPath(team, game.date)}">${escapeHtml(team.shortName)}</a></td>` +
    `<td class="right">${score}</td>` +
    `${last}</tr>`;
  const periods = game.lineScore.home
    .map(
      (_, index) => `<th class="center">${index < 4 ? index + 1 : overtimeLabel(index - 3)}</th>`,
    )
    .join('');
  const quarterRow = (team: Team, points: number[]): string =>
    `<tr><td><a href="${teamPath(team, game.date)}">${team.abbr}</a></td>` +
    points.map((value) => `<td class="center">${value}</td>`).join('') +
    '</tr>';
  return `<div class="game_summary expanded nohover">
<table class="teams"><tbody>
${row(game.away, game.awayScore, !homeWon, `<td class="right gamelink"><a href="/boxscores/${game.gameId}.html">Box Score</a></td>`)}
${row(game.home, game.homeScore, homeWon, `<td class="right">${overtimeLabel(game.overtimes)}</td>`)}
</tbody></table>
<table><thead><tr><th></th>${periods}</tr></thead><tbody>
${quarterRow(game.away, game.lineScore.away)}
${quarterRow(game.home, game.lineScore.home)}
</tbody></table>
</div>`;
}

/** `/boxscores/?month=M&day=D&year=Y`: the day's games as `div.game_summary` blocks. */
export function renderDayPage(input: DayPageInput): string {
  const { date, games } = input;
  const prev = addDays(date, -1);
  const next = addDays(date, 1);
  const links = [
    prev >= input.from && prev <= input.to
      ? `<a href="${escapeHtml(dayPath(prev))}" class="button2 prev">Prev Day</a>`
      : '',
    next >= input.from && next <= input.to
      ? `<a href="${escapeHtml(dayPath(next))}" class="button2 next">Next Day</a>`
      : '',
  ].join('');
  const body =
    games.length === 0
      ? '<p class="no_games">No games played on this date.</p>'
      : `<div class="section_heading"><h2>${games.length} NBA Game${games.length === 1 ? '' : 's'}</h2></div>
<div class="game_summaries">
${games.map(summary).join('\n')}
</div>`;
  const title = `NBA Games Played on ${longDate(date)}`;
  return layout(
    `${title} | Basketball-Reference.com`,
    dayPath(date),
    `<h1>${title}</h1>
<div class="prevnext">${links}</div>
${body}`,
  );
}
