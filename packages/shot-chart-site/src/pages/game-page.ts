import type { PlayedGame, Side } from '../game-simulator';
import type { Player } from '../rosters';
import { seasonStartYear } from '../schedule';
import { teamPath } from './day-page';
import { dayPath, escapeHtml, layout, longDate } from './html';

/** basketball-reference-style player slug: "reaveau01" for Austin Reaves. */
export function playerSlug(player: Player): string {
  const ascii = (text: string): string =>
    text
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  const [first = '', ...rest] = player.name.replace(/ (Jr\.|Sr\.|II|III)$/, '').split(' ');
  return `${ascii(rest.join('')).slice(0, 5)}${ascii(first).slice(0, 2)}01`;
}

interface Line {
  player: Player;
  fg: number;
  fga: number;
  fg3: number;
  fg3a: number;
  ft: number;
  fta: number;
}

function boxLines(game: PlayedGame, side: Side): Line[] {
  const lines = new Map<number, Line>();
  const line = (player: Player): Line => {
    let entry = lines.get(player.playerId);
    if (!entry) {
      entry = { player, fg: 0, fga: 0, fg3: 0, fg3a: 0, ft: 0, fta: 0 };
      lines.set(player.playerId, entry);
    }
    return entry;
  };
  for (const shot of game.shots) {
    if (shot.side !== side) continue;
    const entry = line(shot.player);
    entry.fga += 1;
    if (shot.made) entry.fg += 1;
    if (shot.points === 3) {
      entry.fg3a += 1;
      if (shot.made) entry.fg3 += 1;
    }
  }
  for (const trip of game.freeThrows) {
    if (trip.side !== side) continue;
    const entry = line(trip.player);
    entry.fta += trip.attempts;
    entry.ft += trip.made;
  }
  return [...lines.values()].sort((a, b) => b.player.usage - a.player.usage);
}

function boxTable(game: PlayedGame, side: Side): string {
  const team = side === 'home' ? game.home : game.away;
  const season = seasonStartYear(game.date) + 1;
  const rows = boxLines(game, side)
    .map((line) => {
      const points = (line.fg - line.fg3) * 2 + line.fg3 * 3 + line.ft;
      const slug = playerSlug(line.player);
      return (
        `<tr><th scope="row" data-append-csv="${slug}">${escapeHtml(line.player.name)}</th>` +
        `<td data-stat="fg">${line.fg}</td><td data-stat="fga">${line.fga}</td>` +
        `<td data-stat="fg3">${line.fg3}</td><td data-stat="fg3a">${line.fg3a}</td>` +
        `<td data-stat="ft">${line.ft}</td><td data-stat="fta">${line.fta}</td>` +
        `<td data-stat="pts">${points}</td>` +
        `<td><a href="/players/${slug.charAt(0)}/${slug}/shooting/${season}">Shooting</a></td></tr>`
      );
    })
    .join('\n');
  const total = side === 'home' ? game.homeScore : game.awayScore;
  return `<div class="table_wrapper" id="all_box-${team.abbr}-game-basic">
<h2>${escapeHtml(team.fullName)} (${total})</h2>
<table class="sortable stats_table" id="box-${team.abbr}-game-basic">
<thead><tr><th>Starters</th><th>FG</th><th>FGA</th><th>3P</th><th>3PA</th><th>FT</th><th>FTA</th><th>PTS</th><th></th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th>Team Totals</th><td colspan="6"></td><td data-stat="pts">${total}</td><td></td></tr></tfoot>
</table>
</div>`;
}

/** `/boxscores/{game_id}.html`: scores, line score, box scores and the way to the shot chart. */
export function renderGamePage(game: PlayedGame): string {
  const title = `${game.away.fullName} vs ${game.home.fullName} Box Score, ${longDate(game.date)}`;
  const scorebox = (side: Side): string => {
    const team = game[side];
    const score = side === 'home' ? game.homeScore : game.awayScore;
    return `<div><strong><a href="${teamPath(team, game.date)}">${escapeHtml(team.fullName)}</a></strong><div class="scores"><div class="score">${score}</div></div></div>`;
  };
  const periods = game.lineScore.home
    .map((_, i) => `<th>${i < 4 ? i + 1 : `${i - 3}OT`}</th>`)
    .join('');
  const lineRow = (side: Side): string =>
    `<tr><th>${game[side].abbr}</th>${game.lineScore[side].map((points) => `<td>${points}</td>`).join('')}<td><strong>${side === 'home' ? game.homeScore : game.awayScore}</strong></td></tr>`;
  return layout(
    `${title} | Basketball-Reference.com`,
    `/boxscores/${game.gameId}.html`,
    `<h1>${escapeHtml(title)}</h1>
<div class="scorebox">
${scorebox('away')}
${scorebox('home')}
<div class="scorebox_meta"><div>${longDate(game.date)}</div><div><a href="${escapeHtml(dayPath(game.date))}">Other games this date</a></div></div>
</div>
<div class="filter switcher" id="bottom_nav">
<div class="current"><a href="/boxscores/${game.gameId}.html">Box Score</a></div>
<div><a href="/boxscores/shot-chart/${game.gameId}.html">Shot Chart</a></div>
<div><a href="/play-index/shot_finder.cgi?request=1&amp;game_id=${game.gameId}">Shot Finder</a></div>
</div>
<div class="adblock"><a href="https://ads.example.com/click?slot=boxscore&amp;game=${game.gameId}" rel="sponsored nofollow"><img src="//ads.example.com/banner.png" alt="Advertisement"></a></div>
<table id="line_score"><thead><tr><th></th>${periods}<th>T</th></tr></thead><tbody>
${lineRow('away')}
${lineRow('home')}
</tbody></table>
${boxTable(game, 'away')}
${boxTable(game, 'home')}`,
  );
}
