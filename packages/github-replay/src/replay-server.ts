import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenHttp, type HttpServer } from '@tributary/runtime';
import { z } from 'zod';
import { archiveHourStream, parseArchiveFileName, type ArchiveHourOptions } from './archive-hour';
import { Timeline, type TimelineOptions } from './timeline';

/** A scripted answer to one of the next `/events` requests, in place of the normal one. */
export const Fault = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retryAfterS: z.number().int().nonnegative().optional(),
    /** Serve the rate-limit headers as exhausted, resetting this many seconds from now. */
    rateLimitResetInS: z.number().int().nonnegative().optional(),
  }),
  /** Accept the request and never answer (the client's timeout must fire). */
  z.object({ kind: z.literal('hang') }),
  /** A 200 whose body is not JSON. */
  z.object({ kind: z.literal('malformed') }),
]);
export type Fault = z.infer<typeof Fault>;

export interface ReplayOptions extends TimelineOptions {
  port: number;
  host?: string;
  pollIntervalS: number;
  /** Requests per rate-limit window (GitHub: 60 without a token, 5,000 with one). */
  rateLimit: number;
  rateLimitWindowS: number;
  archive: Omit<ArchiveHourOptions, 'seed'>;
}

export interface ReplayStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Requests that carried If-None-Match. */
  conditional: number;
  /** Seconds between consecutive `/events?page=1` requests, in order. */
  firstPageGapsS: number[];
  archiveFiles: number;
}

function etagFor(ids: string[], page: number, perPage: number): string {
  const hash = createHash('sha1')
    .update(`${page}:${perPage}:${ids.join(',')}`)
    .digest('hex');
  return `W/"${hash}"`;
}

/**
 * A local GitHub: `GET /events` with pages, Link headers, ETags and 304s, `X-Poll-Interval`,
 * `x-ratelimit-*` with a real budget, scripted faults; `GET /gharchive/YYYY-MM-DD-H.json.gz`;
 * `/_control/*` for tests (faults, advance, stats, config).
 */
export class ReplayServer {
  readonly timeline: Timeline;
  private server?: HttpServer;
  private faults: Fault[] = [];
  private pollIntervalS: number;
  private remaining: number;
  private windowResetAt: number;
  private lastFirstPageAt?: number;
  private readonly hanging = new Set<ServerResponse>();
  stats: ReplayStats = ReplayServer.emptyStats();

  constructor(private readonly options: ReplayOptions) {
    this.timeline = new Timeline(options);
    this.pollIntervalS = options.pollIntervalS;
    this.remaining = options.rateLimit;
    this.windowResetAt = Date.now() + options.rateLimitWindowS * 1000;
  }

  private static emptyStats(): ReplayStats {
    return { requests: 0, byStatus: {}, conditional: 0, firstPageGapsS: [], archiveFiles: 0 };
  }

  get url(): string {
    if (!this.server) throw new Error('replay server is not listening');
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

  addFaults(faults: Fault[]): void {
    this.faults.push(...faults);
  }

  setPollInterval(seconds: number): void {
    this.pollIntervalS = seconds;
  }

  resetStats(): void {
    this.stats = ReplayServer.emptyStats();
    this.lastFirstPageAt = undefined;
  }

  private count(status: number): void {
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
  }

  private rateLimitHeaders(): Record<string, string> {
    const now = Date.now();
    if (now >= this.windowResetAt) {
      this.remaining = this.options.rateLimit;
      this.windowResetAt = now + this.options.rateLimitWindowS * 1000;
    }
    return {
      'x-ratelimit-limit': String(this.options.rateLimit),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(Math.ceil(this.windowResetAt / 1000)),
      'x-ratelimit-used': String(this.options.rateLimit - this.remaining),
      'x-ratelimit-resource': 'core',
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://replay');
    if (url.pathname.startsWith('/_control/')) return this.control(request, response, url);
    this.stats.requests += 1;
    if (request.method === 'GET' && url.pathname === '/events')
      return this.events(request, response, url);
    if (request.method === 'GET' && url.pathname.startsWith('/gharchive/')) {
      return this.archive(response, url.pathname.slice('/gharchive/'.length));
    }
    this.count(404);
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  }

  private events(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30),
    );
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    if (page === 1) {
      const now = Date.now();
      if (this.lastFirstPageAt !== undefined) {
        this.stats.firstPageGapsS.push((now - this.lastFirstPageAt) / 1000);
      }
      this.lastFirstPageAt = now;
    }
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch) this.stats.conditional += 1;

    const fault = this.faults.shift();
    if (fault) return this.serveFault(fault, response);

    const headers: Record<string, string> = {
      'x-poll-interval': String(this.pollIntervalS),
      ...this.rateLimitHeaders(),
    };
    const { events, pages } = this.timeline.page(perPage, page);
    const etag = etagFor(
      events.map((event) => event.id),
      page,
      perPage,
    );
    if (ifNoneMatch === etag) {
      this.count(304);
      response.writeHead(304, { ...headers, etag }).end();
      return;
    }
    if (this.remaining <= 0) {
      this.count(403);
      response
        .writeHead(403, { ...headers, 'content-type': 'application/json' })
        .end('{"message":"API rate limit exceeded for 127.0.0.1."}');
      return;
    }
    this.remaining -= 1;
    headers['x-ratelimit-remaining'] = String(this.remaining);
    headers['x-ratelimit-used'] = String(this.options.rateLimit - this.remaining);
    const links: string[] = [];
    const base = `http://${request.headers.host ?? 'localhost'}/events?per_page=${perPage}`;
    if (page < pages)
      links.push(`<${base}&page=${page + 1}>; rel="next"`, `<${base}&page=${pages}>; rel="last"`);
    if (page > 1)
      links.push(`<${base}&page=${page - 1}>; rel="prev"`, `<${base}&page=1>; rel="first"`);
    if (links.length > 0) headers.link = links.join(', ');
    this.count(200);
    response
      .writeHead(200, { ...headers, etag, 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify(events));
  }

  private serveFault(fault: Fault, response: ServerResponse): void {
    switch (fault.kind) {
      case 'hang':
        this.count(0);
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        return;
      case 'malformed':
        this.count(200);
        response
          .writeHead(200, { 'content-type': 'application/json', ...this.rateLimitHeaders() })
          .end('[{"id": "1", "type": "PushEv');
        return;
      case 'status': {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          ...this.rateLimitHeaders(),
        };
        if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
        if (fault.rateLimitResetInS !== undefined) {
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(
            Math.ceil(Date.now() / 1000) + fault.rateLimitResetInS,
          );
        }
        this.count(fault.status);
        response.writeHead(fault.status, headers).end(`{"message":"scripted ${fault.status}"}`);
        return;
      }
    }
  }

  private archive(response: ServerResponse, name: string): void {
    const hour = parseArchiveFileName(name);
    if (!hour) {
      this.count(404);
      response.writeHead(404).end('not an archive hour');
      return;
    }
    this.count(200);
    this.stats.archiveFiles += 1;
    response.writeHead(200, { 'content-type': 'application/gzip' });
    archiveHourStream(hour, { seed: this.options.seed, ...this.options.archive }).pipe(response);
  }

  private async control(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body: unknown =
      chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const reply = (value: unknown): void => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    switch (`${request.method} ${url.pathname}`) {
      case 'GET /_control/stats':
        return reply({ ...this.stats, timelineCount: this.timeline.count() });
      case 'POST /_control/faults':
        this.addFaults(z.array(Fault).parse(body));
        return reply({ queued: this.faults.length });
      case 'POST /_control/advance':
        this.timeline.advance(z.object({ events: z.number().int().positive() }).parse(body).events);
        return reply({ timelineCount: this.timeline.count() });
      case 'POST /_control/poll-interval':
        this.setPollInterval(
          z.object({ seconds: z.number().int().positive() }).parse(body).seconds,
        );
        return reply({ pollIntervalS: this.pollIntervalS });
      case 'POST /_control/reset-stats':
        this.resetStats();
        return reply({});
      default:
        response.writeHead(404).end();
        return;
    }
  }
}
