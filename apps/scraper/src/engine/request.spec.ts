import { canonicalUrl, isAllowedDomain, requestFingerprint, toCrawlRequest } from './request';

describe('requests and their fingerprints', () => {
  it('gives two spellings of one page the same fingerprint, and different pages different ones', () => {
    const a = requestFingerprint('https://Example.com:443/boxscores/?month=11&day=5&year=2024#top');
    const b = requestFingerprint('https://example.com/boxscores/?year=2024&day=5&month=11');
    expect(a).toBe(b);
    expect(a).toHaveLength(32);
    expect(requestFingerprint('https://example.com/boxscores/?month=11&day=6&year=2024')).not.toBe(
      a,
    );
    expect(canonicalUrl('http://h/p?b=2&a=1&a=0')).toBe('http://h/p?a=1&a=0&b=2');
  });

  it('resolves a followed link against its page and keeps the spider’s callback and meta', () => {
    const request = toCrawlRequest(
      { url: '../shot-chart/202411050BOS.html#x', callback: 'chart', meta: { game: 'BOS' } },
      { base: 'http://127.0.0.1:19300/boxscores/202411050BOS.html', depth: 2 },
    );
    expect(request).toMatchObject({
      url: 'http://127.0.0.1:19300/shot-chart/202411050BOS.html',
      callback: 'chart',
      meta: { game: 'BOS' },
      conditional: true,
      depth: 2,
      attempts: 0,
    });
  });

  it('allows a listed domain and its subdomains, nothing else', () => {
    const allowed = ['basketball-reference.com', '127.0.0.1'];
    expect(isAllowedDomain('https://www.basketball-reference.com/x', allowed)).toBe(true);
    expect(isAllowedDomain('http://127.0.0.1:19300/', allowed)).toBe(true);
    expect(isAllowedDomain('https://ads.example.com/click', allowed)).toBe(false);
    expect(isAllowedDomain('https://evilbasketball-reference.com/', allowed)).toBe(false);
  });
});
