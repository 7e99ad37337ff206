import { createLogger, type Logger } from '@tributary/runtime';
import type {
  Listing,
  ListingEnd,
  ListingPage,
  SourceAdapter,
} from '../../src/adapters/source-adapter';
import { SourceConfig } from '../../src/config/sources-config';
import { Pacer } from '../../src/http/pacer';
import { SourceHttp } from '../../src/http/source-http';

export const silentLogger: Logger = createLogger({ app: 'test', level: 'silent' });

/** A source config for tests: no delays, the given base URL. */
export function sourceConfig(baseUrl: string, overrides: Partial<SourceConfig> = {}): SourceConfig {
  return SourceConfig.parse({
    baseUrl,
    statePartition: 0,
    schedule: '*/5 * * * * *',
    minRunIntervalS: 0,
    request: { delayMs: 0, jitterMs: 0, maxAttempts: 2 },
    ...overrides,
  });
}

export function testHttp(fetchImpl?: typeof fetch): SourceHttp {
  return new SourceHttp(
    'test',
    new Pacer({ delayMs: 0, jitterMs: 0, limits: [] }),
    {
      userAgent: 'tributary-test',
      timeoutMs: 2_000,
      maxAttempts: 2,
      retryAfterMaxMs: 2_000,
      backoff: { initialMs: 1, maxMs: 5 },
    },
    () => undefined,
    silentLogger,
    fetchImpl,
  );
}

/** Every page of a listing and how it ended. */
export async function drain(listing: Listing): Promise<{ pages: ListingPage[]; end: ListingEnd }> {
  const pages: ListingPage[] = [];
  for (;;) {
    const next = await listing.next();
    if (next.done) return { pages, end: next.value };
    pages.push(next.value);
  }
}

/** Lists one tenant of an adapter with no earlier state. */
export function listTenant(adapter: SourceAdapter, tenant: string | null, http: SourceHttp) {
  return drain(
    adapter.listing(tenant, http, {
      known: () => undefined,
      cursor: null,
      now: Date.now,
      signal: new AbortController().signal,
    }),
  );
}

export const postingsOf = (pages: ListingPage[]) =>
  pages.flatMap((page) =>
    page.items.flatMap((item) => (item.kind === 'posting' ? [item.posting] : [])),
  );
export const badOf = (pages: ListingPage[]) =>
  pages.flatMap((page) => page.items.flatMap((item) => (item.kind === 'bad' ? [item] : [])));

/** A stub fetch answering each URL (matched by substring) with a JSON body. */
export function stubFetch(routes: Record<string, unknown>): typeof fetch {
  return ((url: string) => {
    const match = Object.keys(routes).find((part) => url.includes(part));
    if (match === undefined)
      return Promise.resolve(new Response('{"error":"no route"}', { status: 404 }));
    const body = routes[match];
    return Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
  }) as typeof fetch;
}
