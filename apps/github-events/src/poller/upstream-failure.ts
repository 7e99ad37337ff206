import type { UpstreamFailure } from '@tributary/runtime';

export { classifyNetworkFailure, type FailureKind, type UpstreamFailure } from '@tributary/runtime';

/** An HTTP answer that is neither data nor a rate limit: the real status and what GitHub said. */
export function httpFailure(status: number, message: string): UpstreamFailure {
  const hint = status === 401 ? ' (check GITHUB_TOKENS)' : '';
  return {
    kind: 'http',
    reason: `http_${status}`,
    detail: `HTTP ${status}${message ? `: ${message}` : ''}${hint}`,
    status,
  };
}
