import { load } from 'cheerio';
import { Parser } from 'htmlparser2';
import { parse as parseFast } from 'node-html-parser';
import {
  League,
  renderDayPage,
  renderGamePage,
  renderShotChartPage,
} from '@tributary/shot-chart-site';
import { peakRssMiB, round, writeResult } from './lib/report';

/**
 * HTML parsers on the fixture site's three page kinds (decision 0032): the time to read what the
 * shot-chart spider reads from each (box-score links, player ids, every shot marker's class, style and
 * tip), one thread, pages cycled, after a warm-up. Each parser must find the same markers.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 400);

const league = new League({ seed: 42, from: '2024-11-01', to: '2024-11-30' });
const dates = ['2024-11-05', '2024-11-06', '2024-11-07', '2024-11-08'];
const games = dates.flatMap((date) => league.day(date));
const pages = {
  day: dates.map((date) =>
    renderDayPage({ date, games: league.day(date), from: league.from, to: league.to }),
  ),
  box: games.map((game) => renderGamePage(game)),
  chart: games.map((game) => renderShotChartPage(game)),
};

type Reader = (html: string) => number;
type Kind = keyof typeof pages;

const cheerioWith = (options: Parameters<typeof load>[1]): Record<Kind, Reader> => ({
  day: (html) => load(html, options)('div.game_summary td.gamelink a').length,
  box: (html) => load(html, options)('table[id$="-game-basic"] tbody th[data-append-csv]').length,
  chart: (html) => {
    const $ = load(html, options);
    let n = 0;
    $('div[id^="shots-"] > div.tooltip').each((_, element) => {
      const attributes = (element as { attribs: Record<string, string> }).attribs;
      if (attributes.tip && attributes.style && attributes.class) n += 1;
    });
    return n;
  },
});

function sax(
  html: string,
  match: (name: string, attributes: Record<string, string>) => boolean,
): number {
  let n = 0;
  const parser = new Parser(
    { onopentag: (name, attributes) => void (match(name, attributes) && (n += 1)) },
    { decodeEntities: true },
  );
  parser.end(html);
  return n;
}

const candidates: Record<string, Record<Kind, Reader>> = {
  'cheerio (parse5, its default)': cheerioWith(undefined),
  'cheerio (htmlparser2)': cheerioWith({ xml: { xmlMode: false, decodeEntities: true } }),
  'htmlparser2 streaming (no document)': {
    day: (html) =>
      sax(
        html,
        (name, attributes) =>
          name === 'a' && /\/boxscores\/\d{8}0[A-Z]{3}\.html$/.test(attributes.href ?? ''),
      ),
    box: (html) =>
      sax(html, (name, attributes) => name === 'th' && attributes['data-append-csv'] !== undefined),
    chart: (html) =>
      sax(
        html,
        (name, attributes) => name === 'div' && (attributes.class ?? '').startsWith('tooltip '),
      ),
  },
  'node-html-parser': {
    day: (html) => parseFast(html).querySelectorAll('div.game_summary td.gamelink a').length,
    box: (html) => parseFast(html).querySelectorAll('th[data-append-csv]').length,
    chart: (html) => {
      let n = 0;
      for (const element of parseFast(html).querySelectorAll('div.tooltip')) {
        if (element.getAttribute('tip') && element.getAttribute('style')) n += 1;
      }
      return n;
    },
  },
};

function time(reader: Reader, kind: Kind): { msPerPage: number; found: number } {
  const list = pages[kind];
  let found = 0;
  for (let i = 0; i < 30; i++) found = reader(list[i % list.length] ?? '');
  const started = performance.now();
  found = 0;
  for (let i = 0; i < ROUNDS; i++) found += reader(list[i % list.length] ?? '');
  return { msPerPage: (performance.now() - started) / ROUNDS, found };
}

/** `bench:scraper parsers`. */
export function runParserBench(): void {
  const bytes = Object.fromEntries(
    Object.entries(pages).map(([kind, list]) => [
      kind,
      Math.round(list.reduce((sum, html) => sum + html.length, 0) / list.length),
    ]),
  );
  const results = Object.entries(candidates).map(([name, readers]) => {
    const row: Record<string, unknown> = { parser: name };
    for (const kind of Object.keys(pages) as Kind[]) {
      const { msPerPage, found } = time(readers[kind], kind);
      row[`${kind}Ms`] = round(msPerPage, 3);
      row[`${kind}Found`] = found;
    }
    return row;
  });
  const reference = results[0];
  for (const row of results) {
    for (const kind of ['box', 'chart'] as const) {
      if (row[`${kind}Found`] !== reference?.[`${kind}Found`]) {
        throw new Error(
          `${String(row.parser)} found ${String(row[`${kind}Found`])} in ${kind} pages, parse5 ${String(reference?.[`${kind}Found`])}`,
        );
      }
    }
  }
  const summary = [
    `bench:scraper-parsers — ms per page (average page: day ${bytes.day} B, box score ${bytes.box} B, shot chart ${bytes.chart} B), ${ROUNDS} pages each`,
    ...results.map(
      (row) =>
        `${String(row.parser).padEnd(38)} day ${String(row.dayMs)}  box ${String(row.boxMs)}  chart ${String(row.chartMs)}`,
    ),
    `peak RSS ${round(peakRssMiB() ?? 0, 0)} MiB`,
  ].join('\n');
  writeResult('scraper-parsers', { rounds: ROUNDS, bytes, results }, summary);
}
