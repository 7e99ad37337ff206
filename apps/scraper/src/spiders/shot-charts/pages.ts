import type { CrawlResponse } from '../../engine/http/crawl-response';
import { PageParseError } from '../../engine/spider';

/** A basketball-reference game id: date, `0`, home team abbreviation ("202410220BOS"). */
export const GAME_ID = /^(\d{4})(\d{2})(\d{2})0([A-Z]{3})$/;

/** The box-score links of a day page (`div.game_summary … td.gamelink a`); none on a day without games. */
export function readDayPage(response: CrawlResponse): string[] {
  const $ = response.html();
  const summaries = $('div.game_summary');
  const links = summaries
    .find('td.gamelink a[href]')
    .map((_, element) => $(element).attr('href') ?? '')
    .get()
    .filter((href) => /\/boxscores\/\d{8}0[A-Z]{3}\.html?$/.test(href));
  if (links.length < summaries.length) {
    throw new PageParseError(
      'day_layout',
      `${response.url}: ${summaries.length} game summaries but ${links.length} box-score links`,
    );
  }
  // A day without games says so; no summaries and no such sentence is a page we no longer understand.
  if (summaries.length === 0 && !/No games played/i.test($('body').text())) {
    throw new PageParseError(
      'day_layout',
      `${response.url}: no game summaries and no "No games played"`,
    );
  }
  return links;
}

export interface BoxScore {
  /** The shot chart's address, or undefined when the page does not link it. */
  shotChart: string | undefined;
  /** Per team (basketball-reference abbreviation): player name → basketball-reference player id. */
  players: Record<string, Record<string, string>>;
}

/** A game's box score: the way to its shot chart and the players' ids (`th[data-append-csv]`). */
export function readBoxScore(response: CrawlResponse): BoxScore {
  const $ = response.html();
  const players: Record<string, Record<string, string>> = {};
  $('table[id^="box-"][id$="-game-basic"]').each((_, table) => {
    const team = /^box-([A-Z]{3})-game-basic$/.exec($(table).attr('id') ?? '')?.[1];
    if (!team) return;
    const roster: Record<string, string> = {};
    $(table)
      .find('tbody th[data-append-csv]')
      .each((__, cell) => {
        const id = $(cell).attr('data-append-csv');
        const name = $(cell).text().trim();
        if (id && name) roster[name] = id;
      });
    players[team] = roster;
  });
  const shotChart = $('a[href*="/shot-chart/"]').first().attr('href');
  return { shotChart, players };
}

export interface ChartMarker {
  /** From the class: `make` or `miss`; undefined when the class says neither. */
  made: boolean | undefined;
  style: string;
  tip: string;
}

export interface TeamChart {
  /** basketball-reference abbreviation, from `div#shots-{ABBR}`. */
  team: string;
  /** The heading above the chart ("LA Lakers"). */
  name: string;
  markers: ChartMarker[];
}

/**
 * The shot markers of a shot-chart page, per team in page order (visitors first): every
 * `div.tooltip` inside a `div#shots-{ABBR}`. Streamed through htmlparser2 without building a
 * document: the page is the largest of the crawl and only flat elements are read (decision 0032).
 */
export function readShotChart(response: CrawlResponse): TeamChart[] {
  const charts: TeamChart[] = [];
  let open: { chart: TeamChart; depth: number } | undefined;
  let divDepth = 0;
  let heading: string | undefined;
  let lastHeading = '';
  response.scanHtml({
    onopentag(name, attributes) {
      if (name === 'h2') heading = '';
      if (name !== 'div') return;
      divDepth += 1;
      const team = /^shots-([A-Z]{3})$/.exec(attributes.id ?? '')?.[1];
      if (team && !open) {
        open = { chart: { team, name: lastHeading, markers: [] }, depth: divDepth };
        return;
      }
      if (!open) return;
      const classes = (attributes.class ?? '').split(/\s+/);
      if (!classes.includes('tooltip')) return;
      open.chart.markers.push({
        made: classes.includes('make') ? true : classes.includes('miss') ? false : undefined,
        style: attributes.style ?? '',
        tip: attributes.tip ?? '',
      });
    },
    ontext(text) {
      if (heading !== undefined) heading += text;
    },
    onclosetag(name) {
      if (name === 'h2' && heading !== undefined) {
        lastHeading = heading.trim();
        heading = undefined;
      }
      if (name !== 'div') return;
      if (open && divDepth === open.depth) {
        charts.push(open.chart);
        open = undefined;
      }
      divDepth -= 1;
    },
  });
  return charts;
}
