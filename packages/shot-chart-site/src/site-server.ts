import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { listenHttp, type HttpServer } from '@tributary/runtime';
import { handleControl } from './control-api';
import { FaultQueue, globToRegExp, type Fault } from './faults';
import { League } from './league';
import { LruCache } from './lru-cache';
import { renderRateLimitedPage } from './pages/other-pages';
import type { ShotChartLayout } from './pages/shot-chart-page';
import { RateLimiter, type PolitenessConfig } from './politeness';
import { RequestLog, type LogEntry } from './request-log';
import { isDisallowed, resolveRoute, type PageRoute, type Route } from './routes';
import {
  applyConfigPatch,
  defaultSiteConfig,
  type ClientKey,
  type SiteConfig,
  type SiteConfigPatch,
  type SlowPath,
} from './site-config';

export interface SiteOptions {
  port: number;
  host?: string;
  seed: number;
  /** First and last ISO date with games. */
  from: string;
  to: string;
  politeness?: Partial<PolitenessConfig>;
  latencyMs?: number;
  slowPaths?: SlowPath[];
  clientKey?: ClientKey;
  /** The site's clock (rate limits, blocks, log times); tests pass a fake one. */
  now?: () => number;
  /** Rendered pages kept in memory, in bytes (default 64 MiB). */
  pageCacheBytes?: number;
  /** Request-log entries kept (default 200,000). */
  logCapacity?: number;
}

interface Rendered {
  body: Buffer;
  etag: string;
  gzipped?: Buffer;
  /** Page-cache key, when cached. */
  key?: string;
}

type Conditional = Pick<LogEntry, 'ifNoneMatch' | 'ifModifiedSince'>;

function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('hex').slice(0, 24)}"`;
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

/** RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison; `*` matches anything. */
function notModified(request: Conditional, etag: string, lastModifiedMs: number): boolean {
  if (request.ifNoneMatch !== null) {
    return request.ifNoneMatch
      .split(',')
      .some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  if (request.ifModifiedSince !== null) {
    const since = Date.parse(request.ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
  }
  return false;
}

/** The body cut inside an opening tag (`<div c`), about 60% of the way in. */
function truncate(body: Buffer): Buffer {
  const target = Math.floor(body.length * 0.6);
  const tag = body.indexOf('<div ', target);
  return body.subarray(0, tag === -1 ? target : tag + 6);
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A local basketball-reference (box scores, shot charts, robots.txt) with a stats.nba.com-like JSON
 * API under /stats/, defending itself like the real site: per-client rate limit with growing
 * blocks, ETag/Last-Modified and 304s, gzip, redirects, latency, and scripted faults. `/_control/`
 * lets tests read the request log, stats and the truth, script faults and change the config.
 */
export class ShotChartSite {
  readonly league: League;
  readonly log: RequestLog;
  readonly faults = new FaultQueue();
  readonly limiter: RateLimiter;
  readonly now: () => number;
  private config: SiteConfig;
  private readonly initialConfig: SiteConfig;
  private readonly pages: LruCache<string, Rendered>;
  private server?: HttpServer;
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly options: SiteOptions) {
    this.league = new League({ seed: options.seed, from: options.from, to: options.to });
    this.now = options.now ?? Date.now;
    this.initialConfig = applyConfigPatch(defaultSiteConfig(), {
      politeness: options.politeness,
      latencyMs: options.latencyMs,
      slowPaths: options.slowPaths,
      clientKey: options.clientKey,
    });
    this.config = this.initialConfig;
    this.limiter = new RateLimiter(() => this.config.politeness, this.now);
    this.log = new RequestLog(options.logCapacity ?? 200_000);
    this.pages = new LruCache(
      options.pageCacheBytes ?? 64 * 1024 * 1024,
      (page) => page.body.length + (page.gzipped?.length ?? 0),
    );
  }

  get url(): string {
    if (!this.server) throw new Error('shot-chart site is not listening');
    return `http://${this.options.host ?? '127.0.0.1'}:${this.server.port}`;
  }

  async listen(): Promise<this> {
    this.server = await listenHttp((request, response) => this.handle(request, response), {
      port: this.options.port,
      host: this.options.host ?? '127.0.0.1',
    });
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close(this.hanging);
  }

  currentConfig(): SiteConfig {
    return this.config;
  }

  updateConfig(patch: SiteConfigPatch): SiteConfig {
    this.config = applyConfigPatch(this.config, patch);
    return this.config;
  }

  addFaults(...args: Parameters<FaultQueue['add']>): void {
    this.faults.add(...args);
  }

  /** Forgets the log, counters, scripted faults and every client's rate-limit state. */
  reset(options: { config?: boolean } = {}): void {
    this.log.clear();
    this.faults.clear();
    this.limiter.reset();
    if (options.config) this.config = this.initialConfig;
  }

  private clientOf(request: IncomingMessage): string {
    const ip = request.socket.remoteAddress ?? 'unknown';
    return this.config.clientKey === 'ip' ? ip : `${ip} ${header(request, 'user-agent') ?? ''}`;
  }

  private extraLatency(path: string, fault: Fault | undefined): number {
    let ms = this.config.latencyMs;
    for (const slow of this.config.slowPaths) if (globToRegExp(slow.path).test(path)) ms += slow.ms;
    if (fault?.kind === 'slow') ms += fault.ms;
    return ms;
  }

  private rendered(route: PageRoute, layout: ShotChartLayout): Rendered {
    const key = route.cacheKey === undefined ? undefined : `${route.cacheKey}:${layout}`;
    const cached = key === undefined ? undefined : this.pages.get(key);
    if (cached) return cached;
    const body = Buffer.from(route.render(layout), 'utf8');
    const page: Rendered = { body, etag: etagOf(body), key };
    if (key !== undefined) this.pages.set(key, page);
    return page;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://site');
    if (url.pathname.startsWith('/_control/')) return handleControl(this, request, response, url);

    const startedMs = performance.now();
    const method = request.method ?? 'GET';
    const entry: Omit<LogEntry, 'seq' | 'status' | 'ms' | 'bytes' | 'gzip' | 'fault' | 'kind'> = {
      at: this.now(),
      method,
      path: `${url.pathname}${url.search}`,
      client: this.clientOf(request),
      userAgent: header(request, 'user-agent'),
      ifNoneMatch: header(request, 'if-none-match'),
      ifModifiedSince: header(request, 'if-modified-since'),
    };
    const finish = (
      status: number,
      kind: string,
      bytes: number,
      extra: { gzip?: boolean; fault?: string } = {},
    ): void => {
      this.log.record({
        ...entry,
        status,
        kind,
        bytes,
        gzip: extra.gzip ?? false,
        fault: extra.fault ?? null,
        ms: Math.round(performance.now() - startedMs),
      });
    };

    const admission = this.limiter.admit(entry.client);
    if (admission.crawlDelayViolated) this.log.stats.crawlDelayViolations += 1;
    if (isDisallowed(url.pathname)) this.log.stats.robotsDisallowed += 1;
    if (!admission.allowed) {
      this.log.stats.rateLimited += 1;
      const body = Buffer.from(renderRateLimitedPage(admission.retryAfterS));
      response
        .writeHead(429, {
          'content-type': 'text/html; charset=utf-8',
          'retry-after': String(admission.retryAfterS),
          'content-length': body.length,
        })
        .end(method === 'HEAD' ? undefined : body);
      finish(429, 'rate-limited', body.length);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      finish(405, 'method-not-allowed', 0);
      return;
    }

    const fault = this.faults.take(url.pathname);
    const latency = this.extraLatency(url.pathname, fault);
    if (fault?.kind === 'hang') {
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      finish(0, 'hang', 0, { fault: 'hang' });
      return;
    }
    if (latency > 0) await sleep(latency);
    if (fault?.kind === 'status') {
      const body = Buffer.from(`<html><body><h1>${fault.status} error</h1></body></html>`);
      const headers: Record<string, string | number> = {
        'content-type': 'text/html; charset=utf-8',
        'content-length': body.length,
      };
      if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
      response.writeHead(fault.status, headers).end(method === 'HEAD' ? undefined : body);
      finish(fault.status, 'fault', body.length, { fault: 'status' });
      return;
    }

    const route: Route = resolveRoute(
      {
        league: this.league,
        crawlDelayS: this.config.politeness.enabled
          ? this.config.politeness.crawlDelayS
          : undefined,
      },
      url,
    );
    if (route.type === 'redirect') {
      response.writeHead(route.status, { location: route.location, 'content-length': 0 }).end();
      finish(route.status, route.kind, 0, { fault: fault?.kind });
      return;
    }
    const layout: ShotChartLayout =
      fault?.kind === 'drift' && route.driftable ? fault.layout : 'normal';
    const page = this.rendered(route, layout);
    const headers: Record<string, string | number> = { 'content-type': route.contentType };
    if (route.lastModifiedMs !== undefined && route.status === 200) {
      headers.etag = page.etag;
      headers['last-modified'] = new Date(route.lastModifiedMs).toUTCString();
    }

    if (fault?.kind === 'truncate') {
      const cut = truncate(page.body);
      headers['content-length'] = fault.abort ? page.body.length : cut.length;
      response.writeHead(route.status, headers);
      if (fault.abort) response.write(cut, () => response.destroy());
      else response.end(cut);
      finish(fault.abort ? 0 : route.status, route.kind, cut.length, { fault: 'truncate' });
      return;
    }
    // A drifted page has its own ETag, so a conditional request for it only matches that layout.
    if (
      route.status === 200 &&
      route.lastModifiedMs !== undefined &&
      notModified(entry, page.etag, route.lastModifiedMs)
    ) {
      delete headers['content-type'];
      response.writeHead(304, headers).end();
      finish(304, route.kind, 0);
      return;
    }

    const gzip = /\bgzip\b/.test(header(request, 'accept-encoding') ?? '');
    let body = page.body;
    if (gzip) {
      if (!page.gzipped) {
        page.gzipped = gzipSync(page.body);
        // Set again so the cache budget counts the compressed copy too.
        if (page.key !== undefined) this.pages.set(page.key, page);
      }
      body = page.gzipped;
      headers['content-encoding'] = 'gzip';
    }
    headers.vary = 'Accept-Encoding';
    headers['content-length'] = body.length;
    response.writeHead(route.status, headers).end(method === 'HEAD' ? undefined : body);
    finish(route.status, route.kind, method === 'HEAD' ? 0 : body.length, {
      gzip,
      fault: fault?.kind,
    });
  }
}
