import { request as httpRequest } from 'node:http';
import { load } from 'cheerio';
import { globToRegExp } from './faults';
import { ShotChartSite } from './site-server';

const CHART = '/boxscores/shot-chart/202410220BOS.html';

function rawGet(
  url: string,
): Promise<{ status: number; length: number; received: number; error?: string }> {
  return new Promise((resolve) => {
    httpRequest(url, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => (received += chunk.length));
      const done = (error?: string) =>
        resolve({
          status: response.statusCode ?? 0,
          length: Number(response.headers['content-length']),
          received,
          error,
        });
      response.on('end', () => done());
      response.on('error', (error) => done(error.message));
      response.on('aborted', () => done('aborted'));
    })
      .on('error', (error) => resolve({ status: 0, length: 0, received: 0, error: error.message }))
      .end();
  });
}

describe('scripted faults', () => {
  let site: ShotChartSite;
  beforeAll(async () => {
    site = await new ShotChartSite({
      port: 0,
      seed: 42,
      from: '2024-10-22',
      to: '2024-10-23',
      politeness: { enabled: false },
    }).listen();
  });
  afterAll(() => site.close());
  beforeEach(() => site.reset());

  const script = async (faults: unknown[]) => {
    const response = await fetch(`${site.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify(faults),
    });
    expect(response.status).toBe(200);
  };

  it('matches paths with * and serves a fault for the next N matching requests only', async () => {
    expect(globToRegExp('/boxscores/shot-chart/*').test(CHART)).toBe(true);
    expect(globToRegExp('/boxscores/shot-chart/*').test('/boxscores/202410220BOS.html')).toBe(
      false,
    );
    await script([
      {
        path: '/boxscores/shot-chart/*',
        times: 2,
        fault: { kind: 'status', status: 503, retryAfterS: 7 },
      },
    ]);
    expect((await fetch(`${site.url}/robots.txt`)).status).toBe(200);
    const first = await fetch(`${site.url}${CHART}`);
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '7']);
    expect((await fetch(`${site.url}${CHART}`)).status).toBe(503);
    expect((await fetch(`${site.url}${CHART}`)).status).toBe(200);
  });

  it('serves 408 and 429 with Retry-After as scripted', async () => {
    await script([
      { fault: { kind: 'status', status: 408 } },
      { fault: { kind: 'status', status: 429, retryAfterS: 120 } },
    ]);
    expect((await fetch(`${site.url}${CHART}`)).status).toBe(408);
    const limited = await fetch(`${site.url}${CHART}`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '120']);
  });

  it('hangs until the client gives up', async () => {
    await script([{ fault: { kind: 'hang' } }]);
    await expect(
      fetch(`${site.url}${CHART}`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect((await fetch(`${site.url}${CHART}`)).status).toBe(200);
    expect(site.log.since(0, 10).map((entry) => [entry.status, entry.fault])).toEqual([
      [0, 'hang'],
      [200, null],
    ]);
  });

  it('cuts the page mid-tag, as a short 200 or as a dropped connection', async () => {
    const full = await (await fetch(`${site.url}${CHART}`)).text();
    await script([{ fault: { kind: 'truncate' } }, { fault: { kind: 'truncate', abort: true } }]);
    const cut = await fetch(`${site.url}${CHART}`);
    expect(cut.status).toBe(200);
    const body = await cut.text();
    expect(body.length).toBeLessThan(full.length);
    expect(full.startsWith(body)).toBe(true);
    expect(body).not.toContain('</html>');
    expect(body.slice(body.lastIndexOf('<'))).not.toContain('>');
    const dropped = await rawGet(`${site.url}${CHART}`);
    expect(dropped.status).toBe(200);
    expect(dropped.received).toBeLessThan(dropped.length);
    expect(dropped.error).toBeDefined();
  });

  it('renames the shot markers on a drifted layout, so no shots are found the usual way', async () => {
    const normal = load(await (await fetch(`${site.url}${CHART}`)).text());
    const shots = normal('div[id^="shots-"] div.tooltip').length;
    expect(shots).toBeGreaterThan(150);
    await script([
      { path: '/boxscores/shot-chart/*', fault: { kind: 'drift' } },
      { path: '/boxscores/shot-chart/*', fault: { kind: 'drift', layout: 'shot-tip' } },
    ]);
    const madeMissed = load(await (await fetch(`${site.url}${CHART}`)).text());
    expect(madeMissed('div.tooltip.make, div.tooltip.miss')).toHaveLength(0);
    expect(madeMissed('div.tooltip.made, div.tooltip.missed')).toHaveLength(shots);
    const shotTip = load(await (await fetch(`${site.url}${CHART}`)).text());
    expect(shotTip('div.tooltip')).toHaveLength(0);
    expect(shotTip('div.shot-tip[data-tip]')).toHaveLength(shots);
    expect(
      load(await (await fetch(`${site.url}${CHART}`)).text())('div.tooltip.make, div.tooltip.miss'),
    ).toHaveLength(shots);
  });

  it('is slow when scripted, per path, or always', async () => {
    await script([{ fault: { kind: 'slow', ms: 150 } }]);
    const timed = async (path: string) => {
      const start = performance.now();
      expect((await fetch(`${site.url}${path}`)).status).toBe(200);
      return performance.now() - start;
    };
    expect(await timed(CHART)).toBeGreaterThanOrEqual(140);
    await fetch(`${site.url}/_control/config`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 50, slowPaths: [{ path: '/robots.txt', ms: 100 }] }),
    });
    expect(await timed('/robots.txt')).toBeGreaterThanOrEqual(140);
    const plain = await timed(CHART);
    expect(plain).toBeGreaterThanOrEqual(45);
    expect(plain).toBeLessThan(140);
    site.reset({ config: true });
    expect(site.currentConfig().latencyMs).toBe(0);
  });

  it('lists and clears pending faults', async () => {
    await script([{ path: '/stats/*', times: 3, fault: { kind: 'status', status: 500 } }]);
    expect(await (await fetch(`${site.url}/_control/faults`)).json()).toEqual([
      { path: '/stats/*', remaining: 3, fault: { kind: 'status', status: 500 } },
    ]);
    await fetch(`${site.url}/_control/faults`, { method: 'DELETE' });
    expect(await (await fetch(`${site.url}/_control/faults`)).json()).toEqual([]);
  });
});
