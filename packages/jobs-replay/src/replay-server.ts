import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenHttp, type HttpServer } from '@tributary/runtime';
import { VirtualClock } from './clock';
import { handleControl } from './control-api';
import { applyDrift, challengePage, FaultQueue, type DriftRecord } from './faults';
import { HnWorld, type HnOptions } from './hn/hn-world';
import { hashKey } from './random';
import { RateLimiter } from './rate-limiter';
import { HANDLERS, handleHn, type SourceResponse } from './renderers';
import { RequestLog, type LogEntry } from './request-log';
import {
  DEFAULT_LIMITS,
  isAtsSource,
  isSourceName,
  SOURCES,
  type AtsSource,
  type RateLimit,
  type SourceName,
} from './sources';
import { JobsWorld, type WorldOptions } from './world';

export interface JobsReplayOptions {
  port: number;
  host?: string;
  world: WorldOptions;
  hn?: HnOptions;
  clock: {
    /** Virtual instant at start (epoch ms). */
    start: number;
    /** Virtual ms per real ms; 0 freezes the clock. */
    speed: number;
  };
  /** Overrides of the default rate limits, per source. */
  limits?: Readonly<Partial<Record<SourceName, Partial<RateLimit>>>>;
  /** The real clock (rate limits, request timestamps, the virtual clock's base), for tests. */
  realNow?: () => number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function firstMonthOf(start: number, historyMonths: number): { year: number; month: number } {
  const date = new Date(start);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() - historyMonths;
  return { year: Math.floor(total / 12), month: total % 12 };
}

/**
 * Ten job-posting APIs on one port, each under `/<source>`: generated postings that appear, change
 * and close on a virtual clock; per-source rate limits with 429 + Retry-After; scripted faults; a
 * request log; and `/_control/*` to drive it all and read the truth.
 */
export class JobsReplayServer {
  readonly world: JobsWorld;
  readonly hn: HnWorld;
  readonly clock: VirtualClock;
  readonly log = new RequestLog();
  readonly faults = new FaultQueue();
  readonly limits = new Map<SourceName, RateLimit>();
  readonly limiter: RateLimiter<SourceName>;
  readonly realNow: () => number;
  drifts: DriftRecord[] = [];
  /** ATS boards asked about, per source: the boards the truth reports on. */
  readonly tenantsSeen = new Map<AtsSource, Set<string>>();
  private server?: HttpServer;
  private readonly hanging = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly options: JobsReplayOptions) {
    this.realNow = options.realNow ?? Date.now;
    this.world = new JobsWorld(options.world);
    this.clock = new VirtualClock({ ...options.clock, realNow: this.realNow });
    this.hn = new HnWorld(
      options.world.seed,
      options.hn ?? {},
      firstMonthOf(options.clock.start, options.hn?.historyMonths ?? 3),
    );
    this.resetLimits();
    this.limiter = new RateLimiter(this.limits, this.realNow);
  }

  get url(): string {
    if (!this.server) throw new Error('jobs replay server is not listening');
    return `http://${this.options.host ?? '127.0.0.1'}:${this.server.port}`;
  }

  async listen(): Promise<this> {
    this.server = await listenHttp((request, response) => this.handle(request, response), {
      port: this.options.port,
      host: this.options.host ?? '127.0.0.1',
      onError: (response, error) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': JSON_TYPE });
        response.end(JSON.stringify({ error: String(error) }));
      },
    });
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.server?.close(this.hanging);
  }

  /** Back to the configured limits (and forget who was blocked). */
  resetLimits(): void {
    this.limits.clear();
    for (const source of SOURCES) {
      this.limits.set(source, { ...DEFAULT_LIMITS[source], ...this.options.limits?.[source] });
    }
  }

  setLimit(source: SourceName, limit: Partial<RateLimit>): RateLimit {
    const next = { ...(this.limits.get(source) ?? DEFAULT_LIMITS[source]), ...limit };
    this.limits.set(source, next);
    this.limiter.reset(source);
    return next;
  }

  /** Everything back to how it started: clock, log, faults, limits, drift records, boards. */
  reset(): void {
    this.clock.reset();
    this.log.clear();
    this.faults.clear();
    this.resetLimits();
    this.limiter.reset();
    this.drifts = [];
    this.tenantsSeen.clear();
    this.world.setMissingBoards(this.options.world.missingBoards ?? []);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://replay');
    if (url.pathname.startsWith('/_control/')) {
      const result = await handleControl(this, request, url);
      response
        .writeHead(result.status, { 'content-type': JSON_TYPE })
        .end(JSON.stringify(result.body));
      return;
    }
    const receivedAt = this.realNow();
    const at = this.clock.now();
    const pathAndQuery = `${url.pathname}${url.search}`;
    const prefix = url.pathname.split('/')[1] ?? '';
    const entry: LogEntry = {
      source: isSourceName(prefix) ? prefix : null,
      method: request.method ?? 'GET',
      path: pathAndQuery,
      status: 0,
      timestampMs: receivedAt,
      virtualAt: at,
      userAgent: request.headers['user-agent'] ?? null,
      retryAfterS: null,
      fault: null,
      tenant: null,
    };
    const source = entry.source;
    if (!source) return this.send(response, entry, 404, { error: `unknown source "${prefix}"` });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return this.send(response, entry, 405, { error: 'only GET is served' });
    }

    const decision = this.limiter.check(source);
    if (!decision.allowed) {
      entry.fault = 'rate-limit';
      entry.retryAfterS = decision.retryAfterS;
      return this.send(
        response,
        entry,
        429,
        { status: 429, error: 'Too Many Requests' },
        {
          'retry-after': String(decision.retryAfterS),
        },
      );
    }

    const fault = this.faults.take(source, pathAndQuery);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'hang') {
      this.log.record(entry);
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfterS !== undefined) {
        headers['retry-after'] = String(fault.retryAfterS);
        entry.retryAfterS = fault.retryAfterS;
      }
      const body =
        fault.body ?? JSON.stringify({ status: fault.status, error: `scripted ${fault.status}` });
      return this.sendRaw(
        response,
        entry,
        fault.status,
        body,
        headers,
        fault.body ? 'text/plain' : JSON_TYPE,
      );
    }
    if (fault?.kind === 'challenge') {
      const ray = `${(hashKey(pathAndQuery, receivedAt) % 0xffffffff).toString(16)}-AMS`;
      return this.sendRaw(
        response,
        entry,
        fault.status,
        challengePage(ray),
        {
          server: 'cloudflare',
          'cf-ray': ray,
          'cf-mitigated': 'challenge',
          'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate',
        },
        'text/html; charset=UTF-8',
      );
    }

    const origin = `http://${request.headers.host ?? `127.0.0.1`}`;
    const sourceRequest = {
      path: url.pathname.slice(prefix.length + 1),
      query: url.searchParams,
      at,
      origin,
    };
    const result: SourceResponse =
      source === 'hn'
        ? handleHn(this.hn, sourceRequest)
        : HANDLERS[source](this.world, sourceRequest);
    entry.tenant = result.tenant;
    if (result.tenant && isAtsSource(source)) {
      const seen = this.tenantsSeen.get(source) ?? new Set<string>();
      seen.add(result.tenant);
      this.tenantsSeen.set(source, seen);
    }
    if (fault?.kind === 'drift' && result.status === 200) {
      this.drifts.push(...applyDrift(source, result.postings, fault, at));
    }
    let text = result.text ?? JSON.stringify(result.body);
    if (fault?.kind === 'malformed')
      text = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
    if (fault?.kind === 'slow') await this.delay(fault.delayMs);
    this.sendRaw(
      response,
      entry,
      result.status,
      text,
      {
        ...result.headers,
        'x-replay-virtual-time': new Date(at).toISOString(),
      },
      result.contentType ?? JSON_TYPE,
    );
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private send(
    response: ServerResponse,
    entry: LogEntry,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.sendRaw(response, entry, status, JSON.stringify(body), headers, JSON_TYPE);
  }

  private sendRaw(
    response: ServerResponse,
    entry: LogEntry,
    status: number,
    body: string,
    headers: Record<string, string>,
    contentType: string,
  ): void {
    entry.status = status;
    this.log.record(entry);
    if (response.destroyed) return;
    response.writeHead(status, { ...headers, 'content-type': contentType });
    response.end(entry.method === 'HEAD' ? undefined : body);
  }
}
