import { CrawlResponse, isTruncatedHtml } from './crawl-response';
import { classifyStatus, parseRetryAfter } from './status-policy';

const page = (body: string, type = 'text/html; charset=utf-8') =>
  new CrawlResponse('http://site/x', 200, { 'content-type': type }, Buffer.from(body), new Date());

describe('CrawlResponse', () => {
  it('reads HTML with literal <br> inside attributes, as basketball-reference writes tips', () => {
    const response = page(
      '<html><body><div class="tooltip make" tip="1st quarter<br>A made it &amp; more">x</div></body></html>',
    );
    expect(response.html()('div.tooltip').attr('tip')).toBe('1st quarter<br>A made it & more');
    const tags: string[] = [];
    response.scanHtml({
      onopentag: (name, attributes) => tags.push(`${name}:${attributes.tip ?? ''}`),
    });
    expect(tags).toContain('div:1st quarter<br>A made it & more');
  });

  it('decodes the charset it is told and refuses a body that is not JSON', () => {
    const latin = new CrawlResponse(
      'http://site/x',
      200,
      { 'content-type': 'text/html; charset=ISO-8859-1' },
      Buffer.from([0x44, 0xf6]),
      new Date(),
    );
    expect(latin.text()).toBe('Dö');
    expect(() => page('<html>', 'application/json').json()).toThrow(/is not JSON/);
    expect(page('{"a":1}', 'application/json').json()).toEqual({ a: 1 });
  });

  it('sees a page cut before </html> as truncated', () => {
    expect(isTruncatedHtml(Buffer.from('<html><body><div c'))).toBe(true);
    expect(isTruncatedHtml(Buffer.from('<html><body></body></HTML>\n'))).toBe(false);
  });
});

describe('status policy', () => {
  it('retries 408, 429 and 5xx, follows redirects with a Location, and fails the rest', () => {
    expect(
      [200, 304, 301, 302, 408, 429, 500, 503, 522, 404, 403, 410].map((status) =>
        classifyStatus(status, true),
      ),
    ).toEqual([
      'ok',
      'not-modified',
      'redirect',
      'redirect',
      'retry',
      'retry',
      'retry',
      'retry',
      'retry',
      'fail',
      'fail',
      'fail',
    ]);
    expect(classifyStatus(302, false)).toBe('fail');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2024, 10, 5, 12, 0, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 05 Nov 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
