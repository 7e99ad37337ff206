import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FetchError, Fetcher } from './fetcher';

describe('Fetcher', () => {
  let server: Server;
  let base: string;
  const seen: Record<string, string | undefined>[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ ua: request.headers['user-agent'], inm: request.headers['if-none-match'] });
      switch (request.url) {
        case '/gzip':
          response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
          response.end(gzipSync('<html>zipped</html>'));
          return;
        case '/big':
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('x'.repeat(5_000));
          return;
        case '/cut':
          response.writeHead(200, { 'content-length': '1000' });
          response.write('<html><body>only part', () => response.destroy());
          return;
        case '/hang':
          return;
        default:
          response.writeHead(304, { etag: 'W/"a"' });
          response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fetcher = () =>
    new Fetcher({
      userAgent: 'tributary-scraper/test (+https://example.test)',
      timeoutMs: 300,
      maxBodyBytes: 1_000,
      connectionsPerOrigin: 2,
    });

  it('sends our User-Agent and extra headers, decodes gzip and reports latency and wire bytes', async () => {
    const client = fetcher();
    const page = await client.fetch(`${base}/gzip`, { 'if-none-match': 'W/"x"' });
    expect(page.body.toString()).toBe('<html>zipped</html>');
    expect(page.wireBytes).toBeLessThan(page.body.length + 30);
    expect(page.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toEqual({
      ua: 'tributary-scraper/test (+https://example.test)',
      inm: 'W/"x"',
    });
    const notModified = await client.fetch(`${base}/other`, {});
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe('W/"a"');
    await client.close();
  });

  it('fails retriably on a dropped connection and on a timeout, and for good on a body too large', async () => {
    const client = fetcher();
    const failure = (path: string) =>
      client.fetch(`${base}${path}`, {}).then(
        () => undefined,
        (error: unknown) => error as FetchError,
      );
    const cut = await failure('/cut');
    expect(cut).toBeInstanceOf(FetchError);
    expect([cut?.kind, cut?.retriable]).toEqual(['network', true]);
    const hang = await failure('/hang');
    expect([hang?.kind, hang?.retriable, hang?.code]).toEqual([
      'timeout',
      true,
      'PAGE_FETCH_FAILED',
    ]);
    const big = await failure('/big');
    expect([big?.kind, big?.retriable, big?.code]).toEqual(['too-large', false, 'PAGE_TOO_LARGE']);
    await client.destroy();
  });

  it('reports an abort as such, not as a failure of the page', async () => {
    const client = fetcher();
    const controller = new AbortController();
    const pending = client.fetch(`${base}/hang`, {}, controller.signal).then(
      () => undefined,
      (error: unknown) => error as FetchError,
    );
    controller.abort();
    expect((await pending)?.kind).toBe('aborted');
    await client.destroy();
  });
});
