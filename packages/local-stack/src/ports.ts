import { createServer } from 'node:net';
import { StackError } from './stack-error';

/** True when nothing listens on 127.0.0.1:`port` (we can bind it ourselves). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      probe.close(() => resolve(true)),
    );
  });
}

/** Fails naming the port and the variable that moves it, instead of talking to a stranger's server. */
export async function assertPortsFree(
  server: string,
  ports: Record<string, number>,
): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    if (!(await portIsFree(port))) {
      throw new StackError(
        'PORT_IN_USE',
        `${server}: port ${port} is already in use by another process; choose another with ${variable}`,
      );
    }
  }
}

/** A port the kernel picks as free now (for a one-off process's ops server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
