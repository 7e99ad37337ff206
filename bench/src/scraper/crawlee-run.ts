import { CheerioCrawler, Configuration, log, LogLevel } from '@crawlee/cheerio';

const PERIOD = /^(\d+)(?:st|nd|rd|th) (quarter|OT), (\d{1,2}):(\d{2})(?:\.(\d))? remaining$/;
const SHOT = /^(.+) (made|missed) ([23])-pointer from (\d+) ft$/;
const SCORE = /^(.+?) (now )?(leads|trails|tied) (\d+)-(\d+)$/;

/**
 * The same crawl with Crawlee 3's CheerioCrawler, written as its docs show (requestHandler per label,
 * cheerio selectors, robots.txt respected), items built and dropped. Its request queue lives in
 * CRAWLEE_STORAGE_DIR (local disk), set by the caller.
 * Usage: node crawlee-run.js <site url> <from> <to> <concurrency>; prints one JSON line.
 */
async function main(): Promise<void> {
  const [url = '', from = '', to = '', concurrencyText = '8'] = process.argv.slice(2);
  const concurrency = Number(concurrencyText);
  log.setLevel(LogLevel.WARNING);
  let items = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      maxRequestRetries: 2,
      respectRobotsTxtFile: true,
      async requestHandler({ request, $, enqueueLinks }) {
        if (request.label === 'chart') {
          $('div[id^="shots-"] div.tooltip').each((number, element) => {
            const marker = $(element);
            const [periodLine = '', shotLine = '', scoreLine = ''] = (
              marker.attr('tip') ?? ''
            ).split('<br>');
            const period = PERIOD.exec(periodLine);
            const shot = SHOT.exec(shotLine);
            const score = SCORE.exec(scoreLine);
            const style = marker.attr('style') ?? '';
            const top = Number(/top:(\d+)px/.exec(style)?.[1]);
            const left = Number(/left:(\d+)px/.exec(style)?.[1]);
            if (!period || !shot || !score) return;
            const item = {
              shot_id: `${marker.parent().attr('id') ?? ''}-${number}`,
              player_name: shot[1],
              period: period[2] === 'quarter' ? Number(period[1]) : 4 + Number(period[1]),
              shot_made: shot[2] === 'made' && (marker.attr('class') ?? '').includes('make'),
              shot_distance: Number(shot[4]),
              x_ft: left / 10,
              y_ft: (top * 47) / 472,
              team_score: Number(score[4]),
              opponent_score: Number(score[5]),
            };
            if (item.player_name) items += 1;
          });
          return;
        }
        if (request.label === 'box') {
          await enqueueLinks({ selector: 'a[href*="/shot-chart/"]', label: 'chart' });
          return;
        }
        await enqueueLinks({ selector: 'div.game_summary td.gamelink a', label: 'box' });
      },
    },
    new Configuration({ persistStorage: true, purgeOnStart: true }),
  );
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  for (let ms = start; ms <= end; ms += 86_400_000) {
    const date = new Date(ms);
    days.push(
      `${url}/boxscores/?month=${date.getUTCMonth() + 1}&day=${date.getUTCDate()}&year=${date.getUTCFullYear()}`,
    );
  }
  const stats = await crawler.run(days);
  process.stdout.write(
    `${JSON.stringify({ items, requestsFinished: stats.requestsFinished, requestsFailed: stats.requestsFailed, retryHistogram: stats.retryHistogram })}\n`,
  );
}

void main();
