import { gunzipSync } from 'node:zlib';
import { GITHUB_EVENT_TYPES, GithubEvent } from '@tributary/schemas';
import { archiveHourLines, parseArchiveFileName } from './archive-hour';
import { generateEvent } from './event-generator';
import { ReplayServer } from './replay-server';

function startServer(overrides: { rateLimit?: number } = {}) {
  return new ReplayServer({
    port: 0,
    seed: 7,
    eventsPerSecond: 0,
    initialEvents: 250,
    pollIntervalS: 60,
    rateLimit: overrides.rateLimit ?? 100,
    rateLimitWindowS: 3600,
    archive: { eventsPerHour: 500, badLinesPerHour: 2 },
  }).listen();
}

describe('generateEvent', () => {
  it('produces every documented type, valid against GithubEvent, in both PushEvent shapes', () => {
    for (const type of GITHUB_EVENT_TYPES) {
      for (const legacyPush of [false, true]) {
        const event = generateEvent({ seed: 1, index: 5, createdAt: new Date(), legacyPush, type });
        expect(GithubEvent.safeParse(event).success).toBe(true);
        expect(event.type).toBe(type);
        if (type === 'PushEvent') expect('commits' in event.payload).toBe(legacyPush);
      }
    }
  });

  it('is deterministic for a seed and index', () => {
    const at = new Date('2025-01-15T10:00:00Z');
    const a = generateEvent({ seed: 3, index: 9, createdAt: at, legacyPush: false });
    const b = generateEvent({ seed: 3, index: 9, createdAt: at, legacyPush: false });
    expect(a).toEqual(b);
  });
});

describe('ReplayServer', () => {
  let server: ReplayServer;
  afterEach(() => server.close());

  it('pages the newest events with Link headers, then answers a matching ETag with 304', async () => {
    server = await startServer();
    const first = await fetch(`${server.url}/events?per_page=100`);
    expect(first.status).toBe(200);
    const events = (await first.json()) as GithubEvent[];
    expect(events).toHaveLength(100);
    expect(Number(events[0]?.id)).toBeGreaterThan(Number(events[99]?.id));
    expect(first.headers.get('link')).toContain('page=3>; rel="last"');
    expect(first.headers.get('x-poll-interval')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('99');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/".+"$/);

    const again = await fetch(`${server.url}/events?per_page=100`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('99');

    server.timeline.advance(1);
    const changed = await fetch(`${server.url}/events?per_page=100`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    const third = await fetch(`${server.url}/events?per_page=100&page=3`);
    expect(((await third.json()) as unknown[]).length).toBe(51);
    expect(server.stats.byStatus).toEqual({ 200: 3, 304: 1 });
  });

  it('serves scripted faults in order and refuses requests once the budget is spent', async () => {
    server = await startServer({ rateLimit: 1 });
    server.addFaults([{ kind: 'status', status: 429, retryAfterS: 3 }, { kind: 'malformed' }]);
    const limited = await fetch(`${server.url}/events`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const malformed = await fetch(`${server.url}/events`);
    await expect(malformed.json()).rejects.toThrow();
    expect((await fetch(`${server.url}/events`)).status).toBe(200);
    const exhausted = await fetch(`${server.url}/events`);
    expect(exhausted.status).toBe(403);
    expect(exhausted.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('serves GH Archive hours as gzip, one event per line, with the configured bad lines', async () => {
    server = await startServer();
    const response = await fetch(`${server.url}/gharchive/2024-03-01-7.json.gz`);
    expect(response.status).toBe(200);
    const lines = gunzipSync(Buffer.from(await response.arrayBuffer()))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(502);
    const events = lines.flatMap((line) => {
      try {
        const parsed = GithubEvent.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return [];
      }
    });
    expect(events).toHaveLength(500);
    expect(events.every((event) => event.created_at?.startsWith('2024-03-01T07:'))).toBe(true);
    const push = events.find((event) => event.type === 'PushEvent');
    expect(push?.payload.commits).toBeDefined();
    expect((await fetch(`${server.url}/gharchive/2024-13-01-7.json.gz`)).status).toBe(404);
  });

  it('names hours the GH Archive way', () => {
    expect(parseArchiveFileName('2025-01-15-0.json.gz')?.toISOString()).toBe(
      '2025-01-15T00:00:00.000Z',
    );
    expect(parseArchiveFileName('2025-01-15-24.json.gz')).toBeUndefined();
    expect([
      ...archiveHourLines(new Date('2025-01-15T00:00:00Z'), {
        seed: 1,
        eventsPerHour: 3,
        badLinesPerHour: 0,
      }),
    ]).toHaveLength(3);
  });
});
