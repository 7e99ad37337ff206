import { chmodSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * How an app's process must be started: Node flags that only work at process start (heap sizes, V8
 * options) and environment variables read by the C runtime (glibc's malloc). Each app declares it
 * once in `src/launch.ts`; its build writes `dist/start.sh` from it, which `./tributary run`, the
 * package's `start` script and the container image run, and tests and benchmarks import it.
 */
export interface AppLaunch {
  nodeArgs: readonly string[];
  env: Readonly<Record<string, string>>;
}

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** A POSIX shell script that execs Node (so signals reach it) with the launch's flags and env. */
export function startScript(launch: AppLaunch): string {
  return [
    '#!/bin/sh',
    '# Written by the build from src/launch.ts; edit that file, not this one.',
    // A value the caller set wins, as with any environment variable.
    ...Object.entries(launch.env).map(
      ([name, value]) => `export ${name}="\${${name}:-${value.replaceAll('"', '\\"')}}"`,
    ),
    `exec node ${launch.nodeArgs.map(shellQuote).join(' ')} "$(dirname "$0")/main.js" "$@"`,
    '',
  ].join('\n');
}

/** Build step: `tributary-write-start-script dist` writes dist/start.sh from dist/launch.js. */
export function writeStartScript(distDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LAUNCH } = require(resolve(distDir, 'launch.js')) as { LAUNCH: AppLaunch };
  const path = join(distDir, 'start.sh');
  writeFileSync(path, startScript(LAUNCH));
  chmodSync(path, 0o755);
  return path;
}
