import type { JobsWorld } from '../world';

/** A request to one source, with the source's path prefix already removed. */
export interface SourceRequest {
  /** e.g. `/v1/boards/stripe/jobs` for `/greenhouse/v1/boards/stripe/jobs`. */
  path: string;
  query: URLSearchParams;
  /** The virtual instant the answer describes (epoch ms). */
  at: number;
  /** The replay as the client reached it (`http://127.0.0.1:19300`), for links back to it. */
  origin: string;
}

/** A posting object inside a response body, so faults can tamper with it. */
export interface RenderedPosting {
  object: Record<string, unknown>;
  tenant: string;
  id: string;
}

export interface SourceResponse {
  status: number;
  /** Serialized as JSON unless `text` is set. */
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** The board or feed the request was about (`*` for aggregator feeds). */
  tenant: string | null;
  postings: RenderedPosting[];
}

export type SourceHandler = (world: JobsWorld, request: SourceRequest) => SourceResponse;

export function jsonResponse(
  status: number,
  body: unknown,
  tenant: string | null,
  postings: RenderedPosting[] = [],
): SourceResponse {
  return { status, body, tenant, postings };
}

/** Reads a non-negative integer query parameter; `fallback` when absent, `undefined` when invalid. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** Splits `/a/b/c` into its segments, decoding each. */
export function segments(path: string): string[] {
  return path
    .split('/')
    .filter((part) => part.length > 0)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}
