import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio';
import type { TruthResponse } from './control-api';
import { feetFromPixels } from './court';
import { League } from './league';
import type { LogEntry } from './request-log';
import { scheduleDay } from './schedule';
import { ShotChartSite, type SiteOptions } from './site-server';
import type { StatsResponse } from './stats-api';
import { TEAMS } from './teams';
import type { TruthShot } from './truth';

const FROM = '2024-10-22';
const TO = '2024-11-05';

function startSite(overrides: Partial<SiteOptions> = {}): Promise<ShotChartSite> {
  return new ShotChartSite({
    port: 0,
    seed: 42,
    from: FROM,
    to: TO,
    politeness: { enabled: false },
    ...overrides,
  }).listen();
}

async function text(site: ShotChartSite, path: string, init: RequestInit = {}): Promise<string> {
  const response = await fetch(`${site.url}${path}`, init);
  expect(response.status).toBe(200);
  return response.text();
}

async function truth(site: ShotChartSite, query: string): Promise<TruthResponse> {
  const response = await fetch(`${site.url}/_control/truth?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TruthResponse;
}

/** What a spider recovers from one shot-chart marker, normalized like the truth. */
interface ScrapedShot {
  team: string;
  period: number;
  clockTenths: number;
  playerName: string;
  made: boolean;
  points: number;
  distanceFt: number;
  xFt: number;
  yFt: number;
  teamScore: number;
  opponentScore: number;
  scoreTeamName: string;
  markerClassMade: boolean;
  tip: string;
}

const TIP =
  /^(\d)(?:st|nd|rd|th) (quarter|OT), (\d+):(\d{2})\.(\d) remaining<br>(.+) (made|missed) ([23])-pointer from (\d+) ft<br>(.+?) (?:now )?(?:leads|trails|tied) (\d+)-(\d+)$/;

function parseShotChart(html: string): ScrapedShot[] {
  const $ = load(html);
  const shots: ScrapedShot[] = [];
  $('div[id^="shots-"]').each((_, area) => {
    const team = ($(area).attr('id') ?? '').slice('shots-'.length);
    $(area)
      .find('div.tooltip')
      .each((__, marker) => {
        const tip = $(marker).attr('tip') ?? '';
        const style = /top:(\d+)px;left:(\d+)px;/.exec($(marker).attr('style') ?? '');
        const match = TIP.exec(tip);
        if (!match || !style) throw new Error(`unparsable marker: ${tip}`);
        const { xFt, yFt } = feetFromPixels(Number(style[1]), Number(style[2]));
        const number = Number(match[1]);
        shots.push({
          team,
          period: match[2] === 'quarter' ? number : 4 + number,
          clockTenths: Number(match[3]) * 600 + Number(match[4]) * 10 + Number(match[5]),
          playerName: match[6] ?? '',
          made: match[7] === 'made',
          points: Number(match[8]),
          distanceFt: Number(match[9]),
          xFt,
          yFt,
          scoreTeamName: match[10] ?? '',
          teamScore: Number(match[11]),
          opponentScore: Number(match[12]),
          markerClassMade: $(marker).hasClass('make'),
          tip,
        });
      });
  });
  return shots;
}

function compareWithTruth(scraped: ScrapedShot[], expected: TruthShot[]): string[] {
  const problems: string[] = [];
  if (scraped.length !== expected.length)
    problems.push(`${scraped.length} shots, truth has ${expected.length}`);
  const byTeam = (team: string, list: TruthShot[]) => list.filter((shot) => shot.team === team);
  const teams = [...new Set(expected.map((shot) => shot.team))];
  for (const team of teams) {
    const mine = scraped.filter((shot) => shot.team === team);
    byTeam(team, expected).forEach((truthShot, index) => {
      const shot = mine[index];
      const own = truthShot.home ? truthShot.homeScore : truthShot.awayScore;
      const opponent = truthShot.home ? truthShot.awayScore : truthShot.homeScore;
      const same =
        shot !== undefined &&
        shot.period === truthShot.period &&
        shot.clockTenths === truthShot.clockTenths &&
        shot.playerName === truthShot.playerName &&
        shot.made === truthShot.made &&
        shot.markerClassMade === truthShot.made &&
        shot.points === truthShot.points &&
        shot.distanceFt === truthShot.distanceFt &&
        shot.scoreTeamName === truthShot.teamName &&
        shot.teamScore === own &&
        shot.opponentScore === opponent &&
        shot.tip === truthShot.tip &&
        Math.abs(shot.xFt - truthShot.xFt) <= 0.05 &&
        Math.abs(shot.yFt - truthShot.yFt) <= 0.05;
      if (!same)
        problems.push(
          `${team} shot ${index}: ${JSON.stringify(shot)} vs ${JSON.stringify(truthShot)}`,
        );
    });
  }
  return problems;
}

describe('ShotChartSite pages', () => {
  let site: ShotChartSite;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site.close());

  it('lists the day as div.game_summary blocks that match the truth, with links to each box score', async () => {
    const html = await text(site, '/boxscores/?month=10&day=23&year=2024');
    const expected = await truth(site, 'date=2024-10-23&shots=false');
    const games = expected.dates[0]?.games ?? [];
    expect(games.length).toBeGreaterThan(0);
    const $ = load(html);
    const summaries = $('div.game_summary').toArray();
    expect(summaries).toHaveLength(games.length);
    summaries.forEach((summary, index) => {
      const game = games[index];
      if (!game) throw new Error('missing truth game');
      const rows = $(summary).find('table.teams tr');
      const team = (row: number) => ($(rows[row]).find('a').attr('href') ?? '').split('/')[2];
      const score = (row: number) => Number($(rows[row]).find('td.right').first().text());
      expect([team(0), team(1)]).toEqual([game.away.abbr, game.home.abbr]);
      expect([score(0), score(1)]).toEqual([game.away.score, game.home.score]);
      const winner = $(summary).find('tr.winner a').first().attr('href');
      const winnerAbbr = game.home.score > game.away.score ? game.home.abbr : game.away.abbr;
      expect(winner).toBe(`/teams/${winnerAbbr}/2025.html`);
      expect($(summary).find('tr.loser')).toHaveLength(1);
      expect($(summary).find('td.gamelink a').attr('href')).toBe(`/boxscores/${game.gameId}.html`);
      expect($(summary).find('td.gamelink a').text()).toBe('Box Score');
    });
    expect($('a.prev').attr('href')).toBe('/boxscores/?month=10&day=22&year=2024');
    expect($('a.next').attr('href')).toBe('/boxscores/?month=10&day=24&year=2024');
  });

  it('says when a day has no games, like the real page', async () => {
    let empty = '';
    for (let day = 1; empty === '' && day < 400; day += 1) {
      const date = new Date(Date.UTC(2024, 10, day)).toISOString().slice(0, 10);
      if (scheduleDay(42, date).length === 0) empty = date;
    }
    const emptySite = await startSite({ from: empty, to: empty });
    try {
      const [year, month, day] = empty.split('-').map(Number);
      const html = await text(emptySite, `/boxscores/?month=${month}&day=${day}&year=${year}`);
      expect(html).toContain('No games played on this date.');
      expect(load(html)('div.game_summary')).toHaveLength(0);
    } finally {
      await emptySite.close();
    }
    expect(await text(site, '/boxscores/?month=7&day=4&year=2024')).toContain(
      'No games played on this date.',
    );
  });

  it('links a game page to its shot chart, and also to places a polite spider must not go', async () => {
    const [game] = (await truth(site, 'date=2024-10-22&shots=false')).dates[0]?.games ?? [];
    if (!game) throw new Error('no game');
    const $ = load(await text(site, `/boxscores/${game.gameId}.html`));
    const links = $('a')
      .toArray()
      .map((a) => $(a).attr('href') ?? '');
    expect(links).toContain(`/boxscores/shot-chart/${game.gameId}.html`);
    expect(links.some((href) => href.startsWith('https://ads.example.com/'))).toBe(true);
    expect(links.some((href) => /^\/players\/[a-z]\/[a-z]+01\/shooting\/2025$/.test(href))).toBe(
      true,
    );
    expect(links.some((href) => href.startsWith('/play-index/'))).toBe(true);
    expect($(`#box-${game.home.abbr}-game-basic tfoot td[data-stat="pts"]`).text()).toBe(
      String(game.home.score),
    );
  });

  it('draws every shot of the truth on the shot chart: tip, class, clock, score and position', async () => {
    const expected = await truth(site, 'date=2024-10-22');
    for (const game of expected.dates[0]?.games ?? []) {
      const scraped = parseShotChart(await text(site, `/boxscores/shot-chart/${game.gameId}.html`));
      const shots = (expected.shots ?? []).filter((shot) => shot.gameId === game.gameId);
      expect(scraped.filter((shot) => shot.team === game.home.abbr)).toHaveLength(game.home.shots);
      expect(scraped.filter((shot) => shot.team === game.away.abbr)).toHaveLength(game.away.shots);
      expect(compareWithTruth(scraped, shots)).toEqual([]);
    }
  });

  it('prints overtime periods and two-word team names in tips', async () => {
    const overtime = findOvertimeGame();
    const otSite = await startSite({ from: overtime.date, to: overtime.date });
    try {
      const html = await text(otSite, `/boxscores/shot-chart/${overtime.gameId}.html`);
      expect(html).toMatch(/tip="1st OT, \d+:\d\d\.\d remaining<br>/);
      const scraped = parseShotChart(html);
      const expected = await truth(otSite, `gameId=${overtime.gameId}`);
      expect(compareWithTruth(scraped, expected.shots ?? [])).toEqual([]);
      expect(scraped.some((shot) => shot.period >= 5)).toBe(true);
    } finally {
      await otSite.close();
    }
    const twoWords = await truth(site, `from=${FROM}&to=${TO}&shots=true`);
    const tips = (twoWords.shots ?? []).map((shot) => shot.tip);
    for (const name of [
      'LA Lakers',
      'Golden State',
      'New York',
      'San Antonio',
      'Oklahoma City',
      'New Orleans',
    ]) {
      expect(tips.some((tip) => tip.includes(`<br>${name} `))).toBe(true);
    }
    for (const wording of [' leads ', ' trails ', ' tied ', ' now leads ', ' now tied ']) {
      expect(tips.some((tip) => tip.includes(wording))).toBe(true);
    }
  });

  it('serves the same shots as stats.nba.com-like JSON, linked through scoreboardv2', async () => {
    const board = (await (
      await fetch(`${site.url}/stats/scoreboardv2?GameDate=10/24/2024&LeagueID=00&DayOffset=0`)
    ).json()) as StatsResponse;
    const header = board.resultSets.find((set) => set.name === 'GameHeader');
    if (!header) throw new Error('no GameHeader');
    const column = (name: string) => header.headers.indexOf(name);
    const expected = await truth(site, 'date=2024-10-24');
    expect(header.rowSet.map((row) => row[column('GAME_ID')])).toEqual(
      expected.dates[0]?.games.map((game) => game.nbaGameId),
    );
    const row = header.rowSet[0] ?? [];
    const gameId = expected.dates[0]?.games[0]?.gameId ?? '';
    expect(TEAMS.find((team) => team.teamId === row[column('HOME_TEAM_ID')])?.abbr).toBe(
      gameId.slice(-3),
    );
    expect(String(row[column('GAMECODE')])).toMatch(/^20241024\/[A-Z]{6}$/);

    const detail = (await (
      await fetch(
        `${site.url}/stats/shotchartdetail?GameID=${String(row[column('GAME_ID')])}&PlayerID=0&TeamID=0&ContextMeasure=FGA&Season=2024-25&SeasonType=Regular+Season`,
      )
    ).json()) as StatsResponse;
    expect(detail.resource).toBe('shotchart');
    const set = detail.resultSets.find((entry) => entry.name === 'Shot_Chart_Detail');
    const averages = detail.resultSets.find((entry) => entry.name === 'LeagueAverages');
    if (!set || !averages) throw new Error('missing result sets');
    expect(averages.headers).toEqual([
      'GRID_TYPE',
      'SHOT_ZONE_BASIC',
      'SHOT_ZONE_AREA',
      'SHOT_ZONE_RANGE',
      'FGA',
      'FGM',
      'FG_PCT',
    ]);
    expect(averages.rowSet.length).toBeGreaterThan(5);
    const at = (name: string) => set.headers.indexOf(name);
    const html = parseShotChart(await text(site, `/boxscores/shot-chart/${gameId}.html`));
    expect(set.rowSet).toHaveLength(html.length);

    // One normalized record per shot from each view, keyed by team, period, clock (whole seconds)
    // and shooter; everything else must agree, positions within what the pixels can carry.
    const key = (
      team: string | undefined,
      period: unknown,
      minutes: unknown,
      seconds: unknown,
      player: unknown,
    ) => [team, period, minutes, seconds, player].join('|');
    const fromHtml = new Map(
      html.map((shot) => [
        key(
          shot.team,
          shot.period,
          Math.floor(shot.clockTenths / 600),
          Math.floor((shot.clockTenths % 600) / 10),
          shot.playerName,
        ),
        shot,
      ]),
    );
    expect(fromHtml.size).toBe(html.length);
    const disagreements = set.rowSet.filter((values) => {
      const team = TEAMS.find((entry) => entry.teamId === values[at('TEAM_ID')]);
      const shot = fromHtml.get(
        key(
          team?.abbr,
          values[at('PERIOD')],
          values[at('MINUTES_REMAINING')],
          values[at('SECONDS_REMAINING')],
          values[at('PLAYER_NAME')],
        ),
      );
      return !(
        shot &&
        shot.made === (values[at('SHOT_MADE_FLAG')] === 1) &&
        shot.points === (values[at('SHOT_TYPE')] === '3PT Field Goal' ? 3 : 2) &&
        shot.distanceFt === values[at('SHOT_DISTANCE')] &&
        Math.abs(shot.xFt - (25 - Number(values[at('LOC_X')]) / 10)) <= 0.05 &&
        Math.abs(shot.yFt - (5.25 + Number(values[at('LOC_Y')]) / 10)) <= 0.05
      );
    });
    expect(disagreements).toEqual([]);
    const first = set.rowSet[0] ?? [];
    expect(first[at('GRID_TYPE')]).toBe('Shot Chart Detail');
    expect(first[at('GAME_DATE')]).toBe('20241024');
    expect(first[at('SHOT_ATTEMPTED_FLAG')]).toBe(1);
  });

  it('filters shotchartdetail by team and measure, and refuses requests without required parameters', async () => {
    const [game] = (await truth(site, 'date=2024-10-22&shots=false')).dates[0]?.games ?? [];
    if (!game) throw new Error('no game');
    const base = `${site.url}/stats/shotchartdetail?GameID=${game.nbaGameId}&PlayerID=0&SeasonType=Regular+Season`;
    const made = (await (
      await fetch(`${base}&TeamID=${game.home.teamId}&ContextMeasure=FGM`)
    ).json()) as StatsResponse;
    expect(made.resultSets[0]?.rowSet).toHaveLength(game.home.made);
    const otherSeason = (await (
      await fetch(`${base}&TeamID=0&ContextMeasure=FGA&Season=2019-20`)
    ).json()) as StatsResponse;
    expect(otherSeason.resultSets[0]?.rowSet).toHaveLength(0);
    const missing = await fetch(`${site.url}/stats/shotchartdetail?GameID=${game.nbaGameId}`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('The PlayerID property is required.');
    const badDate = await fetch(`${site.url}/stats/scoreboardv2?GameDate=yesterday&LeagueID=00`);
    expect(badDate.status).toBe(400);
  });

  it('serves robots.txt with the crawl delay and the disallowed paths', async () => {
    const robots = await text(site, '/robots.txt');
    expect(robots).not.toContain('Crawl-delay');
    expect(robots).toContain('Disallow: */shooting/');
    expect(robots).toContain('Disallow: /play-index/');
    const polite = await startSite({
      politeness: { enabled: true, crawlDelayS: 5, requestsPerMinute: 100 },
    });
    try {
      const lines = (await text(polite, '/robots.txt')).split('\n');
      const star = lines.indexOf('User-agent: *');
      expect(lines.slice(star)).toEqual(
        expect.arrayContaining([
          'Crawl-delay: 5',
          'Disallow: */shooting/',
          'Disallow: /play-index/',
        ]),
      );
    } finally {
      await polite.close();
    }
  });

  it('redirects old addresses: .htm with 301, index.cgi and /shot-chart/ with 302', async () => {
    const redirect = async (path: string) => {
      const response = await fetch(`${site.url}${path}`, { redirect: 'manual' });
      return [response.status, response.headers.get('location')];
    };
    expect(await redirect('/boxscores/202410220BOS.htm')).toEqual([
      301,
      '/boxscores/202410220BOS.html',
    ]);
    expect(await redirect('/boxscores/shot-chart/202410220BOS.htm')).toEqual([
      301,
      '/boxscores/shot-chart/202410220BOS.html',
    ]);
    expect(await redirect('/boxscores/index.cgi?month=10&day=22&year=2024')).toEqual([
      302,
      '/boxscores/?month=10&day=22&year=2024',
    ]);
    expect(await redirect('/shot-chart/202410220BOS.html')).toEqual([
      302,
      '/boxscores/shot-chart/202410220BOS.html',
    ]);
    expect(await redirect('/boxscores')).toEqual([301, '/boxscores/']);
    expect((await fetch(`${site.url}/boxscores/202410220ZZZ.html`)).status).toBe(404);
    expect((await fetch(`${site.url}/boxscores/203010220BOS.html`)).status).toBe(404);
  });

  it('answers If-None-Match and If-Modified-Since with 304, and sends gzip when asked', async () => {
    const path = '/boxscores/shot-chart/202410220BOS.html';
    const first = await fetch(`${site.url}${path}`);
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(lastModified).toBe('Wed, 23 Oct 2024 06:00:00 GMT');
    expect((await fetch(`${site.url}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    expect(
      (await fetch(`${site.url}${path}`, { headers: { 'if-none-match': '"other"' } })).status,
    ).toBe(200);
    expect(
      (await fetch(`${site.url}${path}`, { headers: { 'if-modified-since': lastModified } }))
        .status,
    ).toBe(304);
    const older = 'Tue, 22 Oct 2024 06:00:00 GMT';
    expect(
      (await fetch(`${site.url}${path}`, { headers: { 'if-modified-since': older } })).status,
    ).toBe(200);
    for (const other of [
      '/',
      '/robots.txt',
      '/boxscores/?month=10&day=22&year=2024',
      '/boxscores/202410220BOS.html',
    ]) {
      const response = await fetch(`${site.url}${other}`);
      expect(response.headers.get('etag')).not.toBeNull();
      expect(response.headers.get('last-modified')).not.toBeNull();
    }

    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      httpRequest(`${site.url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toBe(await first.text());
  });

  it('logs every request with its status, time, user agent and conditional headers', async () => {
    await fetch(`${site.url}/_control/reset`, { method: 'POST' });
    await fetch(`${site.url}/robots.txt`, {
      headers: { 'user-agent': 'tributary-test/1.0 (+ops@example.com)' },
    });
    await fetch(`${site.url}/boxscores/202410220BOS.html`, { headers: { 'if-none-match': '"x"' } });
    await fetch(`${site.url}/nowhere`);
    const { entries, next } = (await (await fetch(`${site.url}/_control/log?since=0`)).json()) as {
      entries: LogEntry[];
      next: number;
    };
    expect(entries.map((entry) => [entry.method, entry.path, entry.status, entry.kind])).toEqual([
      ['GET', '/robots.txt', 200, 'robots'],
      ['GET', '/boxscores/202410220BOS.html', 200, 'game'],
      ['GET', '/nowhere', 404, 'not-found'],
    ]);
    expect(entries[0]?.userAgent).toBe('tributary-test/1.0 (+ops@example.com)');
    expect(entries[1]?.ifNoneMatch).toBe('"x"');
    expect(entries[1]?.ifModifiedSince).toBeNull();
    expect(Math.abs((entries[0]?.at ?? 0) - Date.now())).toBeLessThan(10_000);
    const later = (await (await fetch(`${site.url}/_control/log?since=${next}`)).json()) as {
      entries: LogEntry[];
    };
    expect(later.entries).toEqual([]);
    const stats = (await (await fetch(`${site.url}/_control/stats`)).json()) as {
      requests: number;
      byStatus: Record<string, number>;
    };
    expect(stats.requests).toBe(3);
    expect(stats.byStatus).toEqual({ 200: 2, 404: 1 });
  });

  it('renders byte-identical pages for a seed, and other pages for another seed', async () => {
    const twin = await startSite();
    const other = await startSite({ seed: 7 });
    try {
      for (const path of [
        '/boxscores/?month=10&day=22&year=2024',
        '/boxscores/shot-chart/202410220BOS.html',
      ]) {
        expect(await text(twin, path)).toBe(await text(site, path));
      }
      expect(await text(other, '/boxscores/?month=10&day=22&year=2024')).not.toBe(
        await text(site, '/boxscores/?month=10&day=22&year=2024'),
      );
      expect(await truth(twin, 'date=2024-10-25')).toEqual(await truth(site, 'date=2024-10-25'));
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('refuses bad control requests with 400 and a code', async () => {
    const response = await fetch(`${site.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify([{ fault: { kind: 'status', status: 200 } }]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('CONTROL_BAD_REQUEST');
    expect((await fetch(`${site.url}/_control/truth?gameId=209901010BOS`)).status).toBe(400);
  });
});

function findOvertimeGame(): { date: string; gameId: string } {
  const league = new League({ seed: 42, from: FROM, to: '2025-04-13' });
  for (const date of league.dates()) {
    const game = league.day(date).find((entry) => entry.overtimes >= 2);
    if (game) return { date, gameId: game.gameId };
  }
  throw new Error('no overtime game in the season');
}
