import { createServer, type Server } from 'node:http';
import { ReadinessWatch, readinessDetail } from './readiness-watch';

describe('readinessDetail', () => {
  it('names the failing checks and their errors', () => {
    expect(
      readinessDetail({
        status: 'not-ready',
        checks: [
          { name: 'kafka', ok: true },
          { name: 'github', ok: false, error: 'GET /events has failed for 6 min' },
        ],
      }),
    ).toBe('github: GET /events has failed for 6 min');
    expect(readinessDetail({ status: 'not-ready', checks: [] })).toBe('not-ready');
  });
});

describe('ReadinessWatch', () => {
  let server: Server;
  let ready = false;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          ready
            ? { status: 'ready', checks: [] }
            : {
                status: 'not-ready',
                checks: [{ name: 's3', ok: false, error: 'connection refused' }],
              },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('says when an app turns ready, not ready (why), and ready again, once per change', async () => {
    const port = (server.address() as { port: number }).port;
    const notices: string[] = [];
    const watch = new ReadinessWatch(
      [{ name: 'sink', opsPort: port }],
      (app, text) => notices.push(`${app}: ${text}`),
      20,
    );
    const until = async (count: number) => {
      while (notices.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    watch.start();
    await until(1);
    ready = true;
    await until(2);
    ready = false;
    await until(3);
    ready = true;
    await until(4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    watch.stop();
    expect(notices).toHaveLength(4);
    expect(notices[0]).toBe('sink: not ready: s3: connection refused');
    expect(notices[1]).toMatch(
      /^sink: ready \(\d+ s after start\): http:\/\/127\.0\.0\.1:\d+\/health\/ready$/,
    );
    expect(notices[2]).toBe('sink: not ready: s3: connection refused');
    expect(notices[3]).toBe('sink: ready again');
  });
});
