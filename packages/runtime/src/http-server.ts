import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  /** The answer when `handle` throws (default: 500 with the error as text). */
  onError?: (response: ServerResponse, error: unknown) => void;
}

/** A listening HTTP server: its port, and a close that does not wait for open requests. */
export interface HttpServer {
  readonly port: number;
  /** Destroys `open` responses (long polls, hanging faults), drops idle keep-alives, then closes; again, a no-op. */
  close(open?: Iterable<ServerResponse>): Promise<void>;
}

function answerError(response: ServerResponse, error: unknown): void {
  if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
  response.end(error instanceof Error ? error.message : String(error));
}

/** Serves `handle` on `host:port`; resolves once listening, rejects when the port cannot be had. */
export async function listenHttp(
  handle: HttpHandler,
  options: HttpServerOptions,
): Promise<HttpServer> {
  const onError = options.onError ?? answerError;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => onError(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close: (open = []) => {
      for (const response of open) response.destroy();
      closed ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      return closed;
    },
  };
}
