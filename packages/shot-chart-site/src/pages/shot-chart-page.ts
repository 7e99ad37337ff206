import { chartPixels, CHART_HEIGHT_PX, CHART_WIDTH_PX } from '../court';
import type { PlayedGame, Side } from '../game-simulator';
import { shotTip } from '../tip';
import { dayPath, escapeHtml, layout, longDate } from './html';

/**
 * How the shot markers are written. `normal` is basketball-reference's
 * `<div class="tooltip make|miss" …>`; the drifted layouts rename the class the way a site redesign
 * would (`tooltip made|missed`, or `shot-tip make|miss` with `data-tip`), so a spider finds no shots.
 */
export type ShotChartLayout = 'normal' | 'made-missed' | 'shot-tip';

/** Only `&` and `"` are escaped in the tip: its `<br>` separators stay literal, as upstream. */
function tipAttribute(tip: string): string {
  return tip.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
}

function marker(made: boolean, style: string, tip: string, chartLayout: ShotChartLayout): string {
  const symbol = made ? '&#x25CF;' : '&#215;';
  switch (chartLayout) {
    case 'normal':
      return `<div class="tooltip ${made ? 'make' : 'miss'}" style="${style}" tip="${tip}">${symbol}</div>`;
    case 'made-missed':
      return `<div class="tooltip ${made ? 'made' : 'missed'}" style="${style}" tip="${tip}">${symbol}</div>`;
    case 'shot-tip':
      return `<div class="shot-tip ${made ? 'make' : 'miss'}" style="${style}" data-tip="${tip}">${symbol}</div>`;
  }
}

function teamChart(game: PlayedGame, side: Side, chartLayout: ShotChartLayout): string {
  const team = game[side];
  const markers = game.shots
    .filter((shot) => shot.side === side)
    .map((shot) => {
      const { topPx, leftPx } = chartPixels(shot.point);
      return marker(
        shot.made,
        `top:${topPx}px;left:${leftPx}px;`,
        tipAttribute(shotTip(game, shot)),
        chartLayout,
      );
    })
    .join('\n');
  return `<div class="shot-chart-team">
<h2>${escapeHtml(team.shortName)}</h2>
<div id="shots-${team.abbr}" class="shot-area" style="position:relative;width:${CHART_WIDTH_PX}px;height:${CHART_HEIGHT_PX}px;">
<img src="//cdn.ssref.example/req/202410311/images/bbr/nbahalfcourt.png" width="${CHART_WIDTH_PX}" height="${CHART_HEIGHT_PX}" alt="Shot chart for ${escapeHtml(team.shortName)}">
${markers}
</div>
</div>`;
}

/** `/boxscores/shot-chart/{game_id}.html`: one `div#shots-{TEAM}` per team, visitors first. */
export function renderShotChartPage(
  game: PlayedGame,
  chartLayout: ShotChartLayout = 'normal',
): string {
  const title = `${game.away.fullName} vs ${game.home.fullName} Shot Chart, ${longDate(game.date)}`;
  return layout(
    `${title} | Basketball-Reference.com`,
    `/boxscores/shot-chart/${game.gameId}.html`,
    `<h1>${escapeHtml(title)}</h1>
<div class="filter switcher" id="bottom_nav">
<div><a href="/boxscores/${game.gameId}.html">Box Score</a></div>
<div class="current"><a href="/boxscores/shot-chart/${game.gameId}.html">Shot Chart</a></div>
<div><a href="${escapeHtml(dayPath(game.date))}">Other games this date</a></div>
</div>
<div id="all_shot-chart" class="section_wrapper">
<div class="section_heading"><h2>Shot Chart</h2></div>
<div class="shot-chart-wrap">
${teamChart(game, 'away', chartLayout)}
${teamChart(game, 'home', chartLayout)}
</div>
</div>`,
  );
}
