import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { Agent, errors } from 'undici';
import { TributaryError } from '@tributary/runtime';

const decompressors: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export interface FetcherOptions {
  userAgent: string;
  /** Longest wait for the headers, and longest silence while the body streams. */
  timeoutMs: number;
  /** Larger bodies (after decompression) are refused. */
  maxBodyBytes: number;
  /** Keep-alive connections per origin (the throttle decides how many are used at once). */
  connectionsPerOrigin: number;
}

export interface FetchedPage {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** From sending the request to the response headers (what AutoThrottle reads). */
  latencyMs: number;
  /** Body bytes as they came over the wire. */
  wireBytes: number;
}

/** Why a fetch failed: `kind` is also the metric label. */
export type FetchFailureKind = 'timeout' | 'network' | 'aborted' | 'too-large' | 'undecodable';

export class FetchError extends TributaryError {
  constructor(
    readonly kind: FetchFailureKind,
    url: string,
    cause: unknown,
  ) {
    super(
      kind === 'too-large' ? 'PAGE_TOO_LARGE' : 'PAGE_FETCH_FAILED',
      `${kind} fetching ${url}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { retriable: kind === 'timeout' || kind === 'network' || kind === 'undecodable', cause },
    );
    this.name = 'FetchError';
  }
}

function failureKind(error: unknown): FetchFailureKind {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    (error instanceof Error && error.name === 'TimeoutError')
  ) {
    return 'timeout';
  }
  if (
    error instanceof errors.RequestAbortedError ||
    (error instanceof Error && error.name === 'AbortError')
  ) {
    return 'aborted';
  }
  return 'network';
}

/**
 * GET over undici's keep-alive pool: an identifying User-Agent, gzip/deflate/br accepted and
 * decoded, timeouts on the headers and on a stalled body, a cap on the body size. Redirects are
 * not followed here: the engine turns them into requests of their own, so robots.txt, the allowed
 * domains and the throttle apply to every hop.
 */
export class Fetcher {
  private readonly agent: Agent;

  constructor(private readonly options: FetcherOptions) {
    this.agent = new Agent({
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async fetch(
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<FetchedPage> {
    const target = new URL(url);
    const started = performance.now();
    let latencyMs = 0;
    try {
      const response = await this.agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: {
          'user-agent': this.options.userAgent,
          'accept-encoding': 'gzip, deflate, br',
          accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
          ...headers,
        },
        signal: signal ?? null,
      });
      latencyMs = performance.now() - started;
      const chunks: Buffer[] = [];
      let wireBytes = 0;
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        wireBytes += buffer.length;
        if (wireBytes > this.options.maxBodyBytes) {
          response.body.destroy();
          throw new FetchError(
            'too-large',
            url,
            new Error(`over ${this.options.maxBodyBytes} bytes`),
          );
        }
        chunks.push(buffer);
      }
      const flat = flattenHeaders(response.headers);
      const body = await this.decode(
        url,
        Buffer.concat(chunks, wireBytes),
        flat['content-encoding'],
      );
      return { url, status: response.statusCode, headers: flat, body, latencyMs, wireBytes };
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(signal?.aborted ? 'aborted' : failureKind(error), url, error);
    }
  }

  private async decode(url: string, raw: Buffer, encoding: string | undefined): Promise<Buffer> {
    const name = encoding?.trim().toLowerCase();
    if (!name || name === 'identity') return raw;
    const decompress = decompressors[name];
    if (!decompress)
      throw new FetchError('undecodable', url, new Error(`content-encoding ${name}`));
    let body: Buffer;
    try {
      body = await decompress(raw);
    } catch (error) {
      // A compressed body cut short does not decompress: the same transient fault as a dropped connection.
      throw new FetchError('undecodable', url, error);
    }
    if (body.length > this.options.maxBodyBytes) {
      throw new FetchError(
        'too-large',
        url,
        new Error(`over ${this.options.maxBodyBytes} bytes decompressed`),
      );
    }
    return body;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Drops every connection, failing requests still running (after a drain timed out). */
  destroy(): Promise<void> {
    return this.agent.destroy();
  }
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
