import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { listenHttp } from './http-server';

/** A named dependency check for readiness, e.g. "kafka" or "s3". Resolve true when healthy. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  readinessChecks?: readonly ReadinessCheck[];
  /** A check taking longer than this counts as failed. */
  checkTimeoutMs?: number;
}

export interface OpsServer {
  readonly port: number;
  /** Makes /health/ready answer 503 from now on (called first during shutdown). */
  markShuttingDown(): void;
  close(): Promise<void>;
}

type CheckResult = { name: string; ok: boolean; error?: string };

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const ok = await Promise.race([check.check(), timeout]);
    return { name: check.name, ok };
  } catch (error) {
    return {
      name: check.name,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * The operations endpoint every service exposes on its own port: `/metrics` for Prometheus,
 * `/health/live` (the process is running) and `/health/ready` (its dependencies answer).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const checks = options.readinessChecks ?? [];
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  let shuttingDown = false;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return sendJson(response, 405, { error: 'method not allowed' });
    switch (path) {
      case '/metrics': {
        const body = await options.registry.metrics();
        response.writeHead(200, { 'content-type': options.registry.contentType });
        response.end(body);
        return;
      }
      case '/health/live':
        return sendJson(response, 200, { status: 'live' });
      case '/health/ready': {
        if (shuttingDown) return sendJson(response, 503, { status: 'shutting-down', checks: [] });
        const results = await Promise.all(checks.map((check) => runCheck(check, checkTimeoutMs)));
        const ready = results.every((result) => result.ok);
        return sendJson(response, ready ? 200 : 503, {
          status: ready ? 'ready' : 'not-ready',
          checks: results,
        });
      }
      default:
        return sendJson(response, 404, { error: 'not found' });
    }
  }

  const server = await listenHttp(handle, {
    port: options.port,
    host: options.host ?? '0.0.0.0',
    onError: (response, error) =>
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) }),
  });

  return {
    port: server.port,
    markShuttingDown: () => {
      shuttingDown = true;
    },
    close: () => server.close(),
  };
}
