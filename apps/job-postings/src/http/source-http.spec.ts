import { createLogger } from '@tributary/runtime';
import { Pacer } from './pacer';
import { retryAfterMs, SourceHttp, type RequestOutcome } from './source-http';

const logger = createLogger({ app: 'test', level: 'silent' });

function respond(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

type Answer = (signal: AbortSignal) => Response | Promise<Response>;

/** Never answers; rejects when the request's signal aborts, as fetch does. */
const hang: Answer = (signal) =>
  new Promise<Response>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error)),
  );

function http(answers: Answer[], maxAttempts = 3) {
  const outcomes: RequestOutcome[] = [];
  const requests: { url: string; userAgent: string | null }[] = [];
  const fetchImpl = ((url: string, init: RequestInit) => {
    requests.push({ url, userAgent: new Headers(init.headers).get('user-agent') });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return Promise.resolve(next(init.signal!));
  }) as typeof fetch;
  const client = new SourceHttp(
    'test',
    new Pacer({ delayMs: 0, jitterMs: 0, limits: [] }),
    {
      userAgent: 'tributary-test/1 (+contact)',
      timeoutMs: 200,
      maxAttempts,
      retryAfterMaxMs: 5_000,
      backoff: { initialMs: 1, maxMs: 5 },
    },
    (outcome) => outcomes.push(outcome),
    logger,
    fetchImpl,
  );
  return { client, outcomes, requests };
}

describe('SourceHttp', () => {
  it('returns parsed JSON, sending the descriptive User-Agent', async () => {
    const { client, requests } = http([() => respond(200, '{"jobs":[]}')]);
    await expect(client.getJson('https://api.example/jobs')).resolves.toMatchObject({
      kind: 'json',
      body: { jobs: [] },
    });
    expect(requests[0]?.userAgent).toBe('tributary-test/1 (+contact)');
  });

  it('waits Retry-After on 429, then retries', async () => {
    const { client, outcomes } = http([
      () => respond(429, '{}', { 'retry-after': '1' }),
      () => respond(200, '[]'),
    ]);
    const started = Date.now();
    await expect(client.getJson('https://api.example/x')).resolves.toMatchObject({ kind: 'json' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(outcomes).toEqual(['rate_limited', 'ok']);
  });

  it('gives up at once when Retry-After is longer than it may wait in a run', async () => {
    const { client, outcomes } = http([() => respond(429, '{}', { 'retry-after': '3600' })]);
    await expect(client.getJson('https://api.example/x')).resolves.toMatchObject({
      kind: 'failed',
      reason: 'rate_limited',
    });
    expect(outcomes).toEqual(['rate_limited']);
    expect(client.nextAllowedAt()).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('backs off and retries 5xx and timeouts, then reports the last failure', async () => {
    const { client, outcomes } = http([
      () => respond(503, 'down'),
      hang,
      () => respond(502, 'bad'),
    ]);
    await expect(client.getJson('https://api.example/x')).resolves.toMatchObject({
      kind: 'failed',
      reason: 'server_error',
      status: 502,
    });
    expect(outcomes).toEqual(['server_error', 'timeout', 'server_error']);
  });

  it('reports a Cloudflare challenge page and HTML where JSON was expected, never retrying them', async () => {
    const challenge = http([
      () =>
        respond(403, '<!DOCTYPE html><html><head><title>Just a moment...</title>', {
          'content-type': 'text/html',
          'cf-mitigated': 'challenge',
        }),
    ]);
    await expect(challenge.client.getJson('https://api.example/x')).resolves.toMatchObject({
      kind: 'challenge',
      status: 403,
    });
    expect(challenge.outcomes).toEqual(['challenge']);
    const html = http([
      () => respond(200, '<html><body>maintenance</body></html>', { 'content-type': 'text/html' }),
    ]);
    await expect(html.client.getJson('https://api.example/x')).resolves.toMatchObject({
      kind: 'malformed',
      error: 'HTML where JSON was expected',
    });
  });

  it('reports malformed JSON with an excerpt, 404 as not found, other 4xx without retry', async () => {
    const { client, outcomes } = http([
      () => respond(200, '{"jobs":[{"id":1'),
      () => respond(404, '{"status":404}'),
      () => respond(400, '{"error":"limit"}'),
    ]);
    await expect(client.getJson('https://api.example/a')).resolves.toMatchObject({
      kind: 'malformed',
      excerpt: '{"jobs":[{"id":1',
    });
    await expect(client.getJson('https://api.example/b')).resolves.toMatchObject({
      kind: 'not-found',
    });
    await expect(client.getJson('https://api.example/c')).resolves.toMatchObject({
      kind: 'failed',
      reason: 'http_status',
    });
    expect(outcomes).toEqual(['malformed', 'not_found', 'client_error']);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs(new Date(90_000).toUTCString(), 30_000)).toBe(60_000);
    expect(retryAfterMs(null, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});
