/** The first `code` along an error's `cause` chain (fetch hides the socket's error one level down). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown; name?: unknown };
    if (typeof candidate.code === 'string') return candidate.code;
    if (candidate.name === 'TimeoutError' || candidate.name === 'AbortError') return 'ETIMEDOUT';
    current = candidate.cause;
  }
  return undefined;
}

const MEANINGS: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed (ENOTFOUND)',
  EAI_AGAIN: 'DNS lookup failed (EAI_AGAIN: no DNS server answered; offline?)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED: nothing listens there)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ETIMEDOUT: 'timed out (ETIMEDOUT)',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out (UND_ERR_CONNECT_TIMEOUT)',
  ENETUNREACH: 'network unreachable (ENETUNREACH: offline?)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
};

/** One line saying what failed on the way to a server: DNS, refused, timeout, … with the real code. */
export function describeNetworkFailure(error: unknown): string {
  const code = errorCode(error);
  if (code && MEANINGS[code]) return MEANINGS[code];
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}
