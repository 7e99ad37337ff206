import { createServer } from 'node:net';
import { waitUntil, type ServiceProcess } from '@tributary/local-stack';
import type { ReplayServer } from '@tributary/github-replay';
import { githubEvents, startReplay, uniqueName } from './helpers';

interface ReadyBody {
  status: string;
  checks: { name: string; ok: boolean; error?: string }[];
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  const port = await new Promise<number>((resolve) =>
    probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
  );
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('github-events when GitHub cannot be reached', () => {
  let replay: ReplayServer;
  let app: ServiceProcess | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await replay.close();
  });

  it('logs what failed, counts it, reports no rate limit it never saw, and turns not ready after GITHUB_NOT_READY_AFTER_S', async () => {
    // The replay only gives the helper its URLs; GITHUB_API_URL points at a port nothing listens on.
    replay = await startReplay();
    const port = await closedPort();
    app = githubEvents(replay, {
      OUTPUT_TOPIC: `${uniqueName()}.github.events.matched`,
      GITHUB_API_URL: `http://127.0.0.1:${port}`,
      GITHUB_NOT_READY_AFTER_S: '2',
      LOG_LEVEL: 'info',
    });
    app.start();
    await app.ready();
    const ops = `http://127.0.0.1:${app.opsPort}`;
    let body: ReadyBody | undefined;
    await waitUntil(
      'github-events reports github not ready',
      async () => {
        const response = await fetch(`${ops}/health/ready`);
        body = (await response.json()) as ReadyBody;
        return response.status === 503;
      },
      { timeoutMs: 20_000, intervalMs: 250, isAlive: () => app?.running ?? false },
    );
    const github = body?.checks.find((check) => check.name === 'github');
    expect(github?.ok).toBe(false);
    expect(github?.error).toMatch(
      new RegExp(
        `^GET /events has failed for \\d+ s \\(no answer since start\\): connection to 127\\.0\\.0\\.1:${port} refused \\(ECONNREFUSED\\)$`,
      ),
    );
    // Kafka is fine: only the github check fails.
    expect(body?.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      'github',
    ]);

    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(
      /^tributary_github_poll_failures_total\{reason="connection_refused"[^}]*\} 1$/m,
    );
    expect(metrics).not.toMatch(/^tributary_github_ratelimit_remaining/m);

    const logs = app.output.join('\n');
    expect(logs).toContain(
      `GET /events failed: connection to 127.0.0.1:${port} refused (ECONNREFUSED); next try in`,
    );
    // No "500 with id UNKNOWN" from Octokit's request log.
    expect(logs).not.toContain('with id UNKNOWN');
  });
});
