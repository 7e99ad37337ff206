import { createServer } from 'node:net';
import { classifyNetworkFailure, httpFailure } from './upstream-failure';

/** How fetch (undici) reports a failed connection: a TypeError whose cause carries the code. */
function fetchFailure(cause: Error & { code?: string }): Error {
  return new TypeError('fetch failed', { cause });
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyNetworkFailure', () => {
  it('names DNS, refused, reset and unreachable with the real code', () => {
    expect(
      classifyNetworkFailure(
        fetchFailure(withCode('getaddrinfo ENOTFOUND api.github.com', 'ENOTFOUND')),
        'api.github.com',
        20_000,
      ),
    ).toEqual({
      kind: 'dns',
      reason: 'dns',
      detail: 'DNS lookup of api.github.com failed (ENOTFOUND)',
      code: 'ENOTFOUND',
    });
    expect(classifyNetworkFailure(fetchFailure(withCode('x', 'EAI_AGAIN')), 'h', 1).kind).toBe(
      'dns',
    );
    expect(
      classifyNetworkFailure(
        fetchFailure(withCode('connect ECONNREFUSED', 'ECONNREFUSED')),
        '127.0.0.1:1',
        1,
      ).detail,
    ).toBe('connection to 127.0.0.1:1 refused (ECONNREFUSED)');
    expect(
      classifyNetworkFailure(fetchFailure(withCode('other side closed', 'UND_ERR_SOCKET')), 'h', 1)
        .kind,
    ).toBe('connection_reset');
    expect(
      classifyNetworkFailure(fetchFailure(withCode('x', 'ENETUNREACH')), 'h', 1),
    ).toMatchObject({
      kind: 'network',
      detail: 'h unreachable (ENETUNREACH)',
    });
  });

  it('says a timeout is one, however it was signalled', () => {
    const abort = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(
      classifyNetworkFailure({ message: 'wrapped', cause: abort }, 'api.github.com', 20_000),
    ).toMatchObject({
      kind: 'timeout',
      detail: 'no answer from api.github.com within 20 s (timeout)',
    });
    expect(
      classifyNetworkFailure(fetchFailure(withCode('x', 'UND_ERR_CONNECT_TIMEOUT')), 'h', 5_000)
        .detail,
    ).toBe('no answer from h within 5 s (UND_ERR_CONNECT_TIMEOUT)');
  });

  it('classifies what a real fetch to a closed port reports', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const error: unknown = await fetch(`http://127.0.0.1:${port}/events`).catch(
      (failure: unknown) => failure,
    );
    expect(classifyNetworkFailure(error, `127.0.0.1:${port}`, 1_000).kind).toBe(
      'connection_refused',
    );
  });
});

describe('httpFailure', () => {
  it('keeps the real status in the reason and the detail', () => {
    expect(httpFailure(502, 'Bad Gateway')).toEqual({
      kind: 'http',
      reason: 'http_502',
      detail: 'HTTP 502: Bad Gateway',
      status: 502,
    });
    expect(httpFailure(401, 'Bad credentials').detail).toBe(
      'HTTP 401: Bad credentials (check GITHUB_TOKENS)',
    );
  });
});
