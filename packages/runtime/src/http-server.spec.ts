import { listenHttp } from './http-server';

describe('listenHttp', () => {
  it('serves the handler, answers 500 when it throws, and closes despite a hanging request', async () => {
    const server = await listenHttp(
      async (request, response) => {
        await Promise.resolve();
        if (request.url === '/boom') throw new Error('the handler broke');
        if (request.url === '/hang') return; // never answered
        response.end('ok');
      },
      { port: 0, host: '127.0.0.1' },
    );
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/`)).text()).toBe('ok');
    const failed = await fetch(`${base}/boom`);
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('the handler broke');
    const hanging = fetch(`${base}/hang`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await hanging).toHaveProperty('message', 'fetch failed'); // closed, not answered
    await server.close(); // a second close is harmless
  });

  it('rejects when the port is taken', async () => {
    const first = await listenHttp(() => Promise.resolve(), { port: 0, host: '127.0.0.1' });
    await expect(
      listenHttp(() => Promise.resolve(), { port: first.port, host: '127.0.0.1' }),
    ).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});
