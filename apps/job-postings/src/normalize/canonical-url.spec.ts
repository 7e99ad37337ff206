import { canonicalUrl } from './canonical-url';

describe('canonicalUrl', () => {
  it('removes tracking parameters and the fragment, keeps the rest in order', () => {
    expect(
      canonicalUrl('https://jobs.lever.co/acme/1b2c?lever-source=LinkedIn&lever-origin=applied'),
    ).toBe('https://jobs.lever.co/acme/1b2c');
    expect(canonicalUrl('https://Acme.com/careers?gh_jid=123&gh_src=abc&utm_source=x#apply')).toBe(
      'https://acme.com/careers?gh_jid=123',
    );
    expect(canonicalUrl('https://remoteok.com/remote-jobs/x-1?ref=apply')).toBe(
      'https://remoteok.com/remote-jobs/x-1',
    );
    expect(canonicalUrl('https://jobs.lever.co/a/b?lever-source%5B%5D=Glassdoor')).toBe(
      'https://jobs.lever.co/a/b',
    );
  });

  it('is null for what is not an absolute http(s) URL', () => {
    expect(canonicalUrl('/jobs/1')).toBeNull();
    expect(canonicalUrl('mailto:jobs@acme.com')).toBeNull();
    expect(canonicalUrl(null)).toBeNull();
  });
});
