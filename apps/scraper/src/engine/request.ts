import { createHash } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** What a spider asks for: a URL and the name of the parse step that reads the answer. */
export interface RequestSpec {
  url: string;
  /** The spider's parse step for the response (a name, so the request can be persisted). */
  callback: string;
  /** Handed to the parse step with the response; persisted with the request, so JSON only. */
  meta?: JsonObject;
  /** Send If-None-Match / If-Modified-Since when the page was fetched before (default true). */
  conditional?: boolean;
}

/** A request in a crawl's frontier, as it is persisted. */
export interface CrawlRequest {
  /** Absolute, without fragment. */
  url: string;
  callback: string;
  meta: JsonObject;
  conditional: boolean;
  fingerprint: string;
  /** 0 for a start request, the parent's depth + 1 for a followed link. */
  depth: number;
  /** Fetch attempts made so far; an attempt is persisted before the request goes out. */
  attempts: number;
  /** Not fetched before this time (ms since the epoch): a retry's backoff. */
  notBefore: number;
  /** Redirects followed to reach this URL. */
  redirects: number;
}

/**
 * The URL as a fetch key: fragment dropped, host lower-cased and default port removed (by WHATWG
 * URL), query parameters sorted by name (stable, so repeated names keep their order). Two spellings
 * of one page share a fingerprint, as in Scrapy's `canonicalize_url`.
 */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.searchParams.sort();
  return parsed.href;
}

/** A request's identity within a crawl: one fetch per fingerprint. */
export function requestFingerprint(url: string): string {
  return createHash('sha1')
    .update(`GET ${canonicalUrl(url)}`)
    .digest('hex')
    .slice(0, 32);
}

/** Resolves `spec.url` against the page it was found on and builds the frontier request. */
export function toCrawlRequest(
  spec: RequestSpec,
  context: { base?: string; depth: number; redirects?: number },
): CrawlRequest {
  const absolute = new URL(spec.url, context.base);
  absolute.hash = '';
  return {
    url: absolute.href,
    callback: spec.callback,
    meta: spec.meta ?? {},
    conditional: spec.conditional ?? true,
    fingerprint: requestFingerprint(absolute.href),
    depth: context.depth,
    attempts: 0,
    notBefore: 0,
    redirects: context.redirects ?? 0,
  };
}

/** `host[:port]`, the unit of politeness (throttle, robots.txt per origin). */
export function domainOf(url: string): string {
  return new URL(url).host;
}

/** True when `url`'s host is one of `allowed` or a subdomain of one. */
export function isAllowedDomain(url: string, allowed: readonly string[]): boolean {
  const { hostname } = new URL(url);
  return allowed.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}
