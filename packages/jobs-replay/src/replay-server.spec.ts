import { GreenhouseBoard, LeverPosting } from '../test/shapes';
import { control, DAY_MS, getJson, START, startReplay } from '../test/replay';
import type { LogEntry, Stats } from './request-log';
import type { JobsReplayServer } from './replay-server';
import type { Truth } from './truth';

type Board = ReturnType<typeof GreenhouseBoard.parse>;

async function board(server: JobsReplayServer, token: string): Promise<Board> {
  return GreenhouseBoard.parse(
    (await getJson(server, `/greenhouse/v1/boards/${token}/jobs?content=true`)).body,
  );
}

describe('JobsReplayServer', () => {
  let server: JobsReplayServer;
  afterEach(() => server.close());

  it('answers the same bytes for the same seed and instant, and different ones for another seed', async () => {
    server = await startReplay();
    const twin = await startReplay();
    const other = await startReplay({ world: { seed: 8 } });
    try {
      for (const path of [
        '/greenhouse/v1/boards/airbnb/jobs?content=true',
        '/lever/v0/postings/plaid?mode=json',
        '/remoteok/api',
        '/hn/api/v1/search_by_date?tags=comment&hitsPerPage=50',
      ]) {
        const [a, b, c] = await Promise.all(
          [server, twin, other].map(async (replay) => (await fetch(`${replay.url}${path}`)).text()),
        );
        expect(b).toBe(a);
        expect(c).not.toBe(a);
      }
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('shows postings appear, change (bumping updated_at) and close as the clock advances', async () => {
    server = await startReplay({ world: { seed: 7, lifetimeDays: [3, 9] } });
    const before = await board(server, 'cloudflare');
    await control(server, 'advance', { days: 2 });
    const after = await board(server, 'cloudflare');
    const beforeIds = new Set(before.jobs.map((job) => job.id));
    const afterIds = new Set(after.jobs.map((job) => job.id));
    expect(after.jobs.some((job) => !beforeIds.has(job.id))).toBe(true);
    expect(before.jobs.some((job) => !afterIds.has(job.id))).toBe(true);

    const truth = await control<Truth>(server, 'truth?source=greenhouse&tenant=cloudflare');
    const changed = after.jobs.filter((job) => {
      const old = before.jobs.find((candidate) => candidate.id === job.id);
      return old !== undefined && old.updated_at !== job.updated_at;
    });
    expect(changed.length).toBeGreaterThan(0);
    for (const job of changed) {
      const posting = truth.boards[0]?.postings.find(
        (candidate) => candidate.id === String(job.id),
      );
      expect(posting?.version).toBeGreaterThan(1);
      // Greenhouse prints seconds.
      expect(Date.parse(job.updated_at)).toBe(
        Math.floor(Date.parse(posting?.updatedAt ?? '') / 1000) * 1000,
      );
      expect(job.title).toBe(posting?.title);
      expect(Date.parse(job.updated_at)).toBeGreaterThan(Date.parse(job.first_published));
    }
    const clock = await control<{ now: number }>(server, 'clock');
    expect(clock.now).toBe(START + 2 * DAY_MS);
  });

  it('reports the truth the listings show: ids, versions, titles, and which boards do not exist', async () => {
    server = await startReplay({ world: { seed: 7, missingBoards: ['greenhouse/gone'] } });
    const listing = await board(server, 'datadog');
    await getJson(server, '/greenhouse/v1/boards/gone/jobs');
    const lever = LeverPosting.array().parse(
      (await getJson(server, '/lever/v0/postings/zoox?mode=json')).body,
    );
    const truth = await control<Truth>(server, 'truth');
    const datadog = truth.boards.find(
      (entry) => entry.source === 'greenhouse' && entry.tenant === 'datadog',
    );
    expect(datadog?.postings.map((posting) => posting.id)).toEqual(
      listing.jobs.map((job) => String(job.id)),
    );
    expect(datadog?.postings.map((posting) => posting.title)).toEqual(
      listing.jobs.map((job) => job.title),
    );
    expect(truth.boards.find((entry) => entry.tenant === 'gone')).toMatchObject({
      exists: false,
      postings: [],
    });
    const zoox = truth.boards.find((entry) => entry.source === 'lever' && entry.tenant === 'zoox');
    expect(zoox?.postings.map((posting) => posting.id)).toEqual(lever.map((posting) => posting.id));
    for (const source of ['remotive', 'remoteok', 'arbeitnow', 'jobicy', 'himalayas']) {
      expect(
        truth.boards.some((entry) => entry.source === source && entry.postings.length > 0),
      ).toBe(true);
    }
    expect(truth.hn.length).toBe(9);
    const later = await control<Truth>(
      server,
      `truth?source=greenhouse&tenant=datadog&at=${START + 30 * DAY_MS}`,
    );
    expect(later.boards[0]?.postings.map((posting) => posting.id)).not.toEqual(
      datadog?.postings.map((posting) => posting.id),
    );
  });

  it('rate-limits per source with 429 and Retry-After, and blocks a repeat offender longer', async () => {
    let realNow = START;
    server = await startReplay({ realNow: () => realNow });
    await control(server, 'limits', { source: 'lever', count: 2, windowS: 10 });
    const path = '/lever/v0/postings/plaid?mode=json';
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    realNow += 3000;
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const limited = await fetch(`${server.url}${path}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    // Other sources keep their own budget.
    expect((await fetch(`${server.url}/greenhouse/v1/boards/plaid/jobs`)).status).toBe(200);
    const again = await fetch(`${server.url}${path}`);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBe(20);
    const third = await fetch(`${server.url}${path}`);
    expect(Number(third.headers.get('retry-after'))).toBe(40);
    realNow += 39_000;
    expect((await fetch(`${server.url}${path}`)).status).toBe(429);
    realNow += 90_000;
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const log = await control<{ requests: LogEntry[] }>(server, 'requests?source=lever');
    expect(log.requests.map((entry) => entry.retryAfterS)).toEqual([
      null,
      null,
      7,
      20,
      40,
      80,
      null,
    ]);
  });

  it('serves each scripted fault kind on the next N responses of its source only', async () => {
    server = await startReplay();
    const path = '/greenhouse/v1/boards/stripe/jobs?content=true';
    await control(server, 'faults', [
      { source: 'greenhouse', fault: { kind: 'status', status: 503, retryAfterS: 30 }, times: 2 },
      { source: 'greenhouse', fault: { kind: 'malformed' } },
      { source: 'greenhouse', fault: { kind: 'challenge', status: 403 } },
      { source: 'greenhouse', fault: { kind: 'challenge', status: 200 } },
      { source: 'greenhouse', fault: { kind: 'slow', delayMs: 300 } },
      { source: 'greenhouse', fault: { kind: 'hang' } },
    ]);
    expect((await fetch(`${server.url}/lever/v0/postings/plaid`)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const unavailable = await fetch(`${server.url}${path}`);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get('retry-after')).toBe('30');
    }
    const malformed = await fetch(`${server.url}${path}`);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    for (const status of [403, 200]) {
      const challenge = await fetch(`${server.url}${path}`);
      expect(challenge.status).toBe(status);
      expect(challenge.headers.get('content-type')).toMatch(/^text\/html/);
      expect(challenge.headers.get('cf-mitigated')).toBe('challenge');
      expect(await challenge.text()).toContain('<title>Just a moment...</title>');
    }
    const started = Date.now();
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect(
      fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const stats = await control<Stats>(server, 'stats');
    expect(stats.bySource.greenhouse?.faults).toEqual({
      status: 2,
      malformed: 1,
      challenge: 2,
      slow: 1,
      hang: 1,
    });
    expect(stats.bySource.greenhouse?.byStatus).toEqual({ 0: 1, 200: 4, 403: 1, 503: 2 });
  });

  it('drifts K postings: a required field renamed or removed, recorded in the truth', async () => {
    server = await startReplay();
    await control(server, 'faults', [
      { source: 'greenhouse', fault: { kind: 'drift', postings: 3 } },
      { source: 'lever', fault: { kind: 'drift', postings: 2 } },
      {
        source: 'remoteok',
        fault: {
          kind: 'drift',
          postings: 1,
          field: 'company',
          mode: 'rename',
          renameTo: 'company_name',
        },
      },
    ]);
    const drifted = await getJson<{ jobs: Record<string, unknown>[] }>(
      server,
      '/greenhouse/v1/boards/stripe/jobs',
    );
    const renamed = drifted.body.jobs.filter((job) => 'job_title' in job);
    expect(renamed).toHaveLength(3);
    expect(renamed.every((job) => !('title' in job))).toBe(true);
    expect(drifted.body.jobs.filter((job) => 'title' in job)).toHaveLength(
      drifted.body.jobs.length - 3,
    );
    const lever = await getJson<Record<string, unknown>[]>(
      server,
      '/lever/v0/postings/plaid?mode=json',
    );
    expect(lever.body.filter((posting) => !('text' in posting))).toHaveLength(2);
    const remoteok = await getJson<Record<string, unknown>[]>(server, '/remoteok/api');
    expect(remoteok.body.filter((job) => 'company_name' in job)).toHaveLength(1);
    const clean = await getJson<{ jobs: Record<string, unknown>[] }>(
      server,
      '/greenhouse/v1/boards/stripe/jobs',
    );
    expect(clean.body.jobs.every((job) => 'title' in job)).toBe(true);

    const truth = await control<Truth>(server, 'truth?source=greenhouse&tenant=stripe');
    const marked = truth.boards[0]?.postings.filter((posting) => posting.drifted.length > 0) ?? [];
    expect(marked.map((posting) => posting.id).sort()).toEqual(
      renamed.map((job) => String(job.id)).sort(),
    );
    expect(marked[0]?.drifted[0]).toMatchObject({
      field: 'title',
      mode: 'rename',
      renameTo: 'job_title',
    });
  });

  it('applies a fault only to paths that contain its filter', async () => {
    server = await startReplay();
    await control(server, 'faults', {
      source: 'smartrecruiters',
      fault: { kind: 'status', status: 500 },
      times: 1,
      pathContains: '/postings/',
    });
    const list = await getJson<{ content: { ref: string }[] }>(
      server,
      '/smartrecruiters/v1/companies/Visa/postings',
    );
    expect(list.status).toBe(200);
    const detail = await fetch(new URL(list.body.content[0]?.ref ?? '').toString());
    expect(detail.status).toBe(500);
    expect((await fetch(list.body.content[0]?.ref ?? '')).status).toBe(200);
  });

  it('logs every request with source, path, status, time, user agent and Retry-After; reset clears it', async () => {
    server = await startReplay();
    await control(server, 'limits', { source: 'remotive', count: 1, windowS: 60 });
    await fetch(`${server.url}/remotive/api/remote-jobs`, {
      headers: { 'user-agent': 'tributary-job-postings/0.1 (+ops@example.com)' },
    });
    await fetch(`${server.url}/remotive/api/remote-jobs?limit=5`);
    await fetch(`${server.url}/nowhere/at/all`);
    const { requests } = await control<{ requests: LogEntry[] }>(server, 'requests');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      source: 'remotive',
      method: 'GET',
      path: '/remotive/api/remote-jobs',
      status: 200,
      userAgent: 'tributary-job-postings/0.1 (+ops@example.com)',
      retryAfterS: null,
      virtualAt: START,
    });
    expect(requests[1]).toMatchObject({
      path: '/remotive/api/remote-jobs?limit=5',
      status: 429,
      fault: 'rate-limit',
    });
    expect(requests[1]?.retryAfterS).toBeGreaterThan(0);
    expect(requests[2]).toMatchObject({ source: null, status: 404 });
    expect(Math.abs((requests[0]?.timestampMs ?? 0) - Date.now())).toBeLessThan(10_000);
    const stats = await control<Stats>(server, 'stats');
    expect(stats.requests).toBe(3);
    expect(stats.bySource.remotive).toMatchObject({
      requests: 2,
      rateLimited: 1,
      byStatus: { 200: 1, 429: 1 },
    });

    await control(server, 'advance', { hours: 5 });
    await control(server, 'reset', {});
    expect((await control<{ requests: LogEntry[] }>(server, 'requests')).requests).toEqual([]);
    expect((await control<{ now: number }>(server, 'clock')).now).toBe(START);
    expect((await fetch(`${server.url}/remotive/api/remote-jobs`)).status).toBe(200);
  });

  it('validates control requests', async () => {
    server = await startReplay();
    const bad = await fetch(`${server.url}/_control/faults`, {
      method: 'POST',
      body: JSON.stringify({ source: 'greenhouse', fault: { kind: 'status', status: 200 } }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${server.url}/_control/limits`, {
      method: 'POST',
      body: JSON.stringify({ source: 'monster', count: 1 }),
    });
    expect(unknown.status).toBe(400);
    expect((await fetch(`${server.url}/_control/nothing`)).status).toBe(404);
    const missing = await control<{ boards: string[] }>(
      server,
      'missing-boards',
      { boards: ['lever/plaid'] },
      'PUT',
    );
    expect(missing.boards).toEqual(['lever/plaid']);
    expect((await fetch(`${server.url}/lever/v0/postings/plaid`)).status).toBe(404);
  });
});
