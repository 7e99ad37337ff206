/** What kind of failure kept an answer from an upstream: the part of the path that broke. */
export type FailureKind =
  | 'dns'
  | 'connection_refused'
  | 'connection_reset'
  | 'timeout'
  | 'tls'
  | 'network'
  | 'http'
  | 'malformed_body';

export interface UpstreamFailure {
  kind: FailureKind;
  /** The metric label: the kind, or `http_<status>` with the real status code. */
  reason: string;
  /** One line for an operator, naming the host and the real code: `DNS lookup of api.github.com failed (ENOTFOUND)`. */
  detail: string;
  status?: number;
  code?: string;
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const TLS = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and every `cause` under it (fetch hides the socket's error two levels down). */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 6) {
    const entry: ErrorLike = current;
    chain.push(entry);
    current = entry.cause;
  }
  return chain;
}

/**
 * Says what failed when a request got no HTTP answer: DNS, a refused or reset connection, a timeout,
 * TLS, or the network, with the system's own code. (Octokit reports all of these as "500" without a
 * response, and fetch as "fetch failed"; this reads the causes they wrap.)
 */
export function classifyNetworkFailure(
  error: unknown,
  host: string,
  timeoutMs?: number,
): UpstreamFailure {
  const chain = causeChain(error);
  const code = chain
    .map((entry) => entry.code)
    .find((value): value is string => typeof value === 'string');
  const timedOut = chain.some(
    (entry) => entry.name === 'TimeoutError' || entry.name === 'AbortError',
  );
  const deepest = [...chain].reverse().find((entry) => typeof entry.message === 'string');
  const message = typeof deepest?.message === 'string' ? deepest.message : String(error);
  const failure = (kind: FailureKind, detail: string): UpstreamFailure => ({
    kind,
    reason: kind,
    detail,
    ...(code ? { code } : {}),
  });
  if (code && DNS.has(code)) return failure('dns', `DNS lookup of ${host} failed (${code})`);
  if (code === 'ECONNREFUSED')
    return failure('connection_refused', `connection to ${host} refused (ECONNREFUSED)`);
  if (code && RESET.has(code))
    return failure('connection_reset', `connection to ${host} reset (${code})`);
  if ((code && TIMEOUT.has(code)) || timedOut) {
    const within = timeoutMs ? ` within ${Math.round(timeoutMs / 1000)} s` : '';
    return failure('timeout', `no answer from ${host}${within} (${code ?? 'timeout'})`);
  }
  if (code && TLS.test(code))
    return failure('tls', `TLS with ${host} failed (${code}: ${message})`);
  if (code && UNREACHABLE.has(code)) return failure('network', `${host} unreachable (${code})`);
  return failure('network', `request to ${host} failed: ${message}${code ? ` (${code})` : ''}`);
}
