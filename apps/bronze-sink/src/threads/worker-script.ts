import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The compiled file of a worker thread: beside this module, or in dist/ under ts-transpiling test runners. */
export function workerScript(name: string): string {
  const beside = join(__dirname, `${name}.js`);
  return existsSync(beside) ? beside : join(__dirname, '..', '..', 'dist', 'threads', `${name}.js`);
}
