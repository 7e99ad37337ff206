/** Query parameters that only say where a click came from; they never change what a URL shows. */
const TRACKING = new Set([
  'gh_src',
  'lever-source',
  'lever-source[]',
  'lever-origin',
  'ref',
  'referrer',
  'source',
  'src',
  'trk',
  'trid',
  'fbclid',
  'gclid',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
]);

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING.has(lower);
}

/**
 * A posting's canonical URL: tracking parameters (`utm_*`, `gh_src`, `lever-source`, …) and the
 * fragment removed, host lower-cased; everything else (e.g. Greenhouse's `gh_jid`) kept in order.
 * Null for a string that is not an absolute http(s) URL.
 */
export function canonicalUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.hash = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTracking(name));
  url.search = '';
  for (const [name, value] of kept) url.searchParams.append(name, value);
  return url.toString();
}
