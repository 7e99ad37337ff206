import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { appLogFile, stackPaths, type StackConfig } from '../config';
import { loadApps } from '../run/apps-file';
import { tailLines } from '../run/app-log';
import { formatAppLine } from '../run/log-format';
import { stackServers } from '../stack';
import { StackError } from '../stack-error';
import { painter } from '../term';

export const LOGS_USAGE = `usage: tributary logs <app|server> [lines] [-f] [--raw]
  the end of an app's log (written by ./tributary run and ./tributary backfill) or a server's
  (kafka, minio, kinesis, prometheus); -f follows it; --raw shows app lines as written (JSON)`;

/** Every name `logs` knows: the servers, the apps of the apps file, and any app log on disk. */
function logFiles(
  config: StackConfig,
  appsFile: string,
): Map<string, { file: string; app: boolean }> {
  const files = new Map<string, { file: string; app: boolean }>();
  for (const server of stackServers(config)) {
    files.set(server.name, { file: stackPaths(config, server.name).log, app: false });
  }
  if (existsSync(appsFile)) {
    for (const app of loadApps(appsFile))
      files.set(app.name, { file: appLogFile(config, app.name), app: true });
  }
  const appLogs = join(config.stackDir, 'logs', 'apps');
  if (existsSync(appLogs)) {
    for (const entry of readdirSync(appLogs).filter((name) => name.endsWith('.log'))) {
      files.set(basename(entry, '.log'), { file: join(appLogs, entry), app: true });
    }
  }
  return files;
}

/** `./tributary logs <name> [lines] [-f]`. Resolves when done (never, with -f, until Ctrl-C). */
export async function logsCommand(
  config: StackConfig,
  appsFile: string,
  args: string[],
  print: (line: string) => void,
  colour: boolean,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      follow: { type: 'boolean', short: 'f', default: false },
      raw: { type: 'boolean', default: false },
    },
  });
  const [name, linesText = '100'] = positionals;
  const known = logFiles(config, appsFile);
  const entry = name ? known.get(name) : undefined;
  if (!name || !entry) {
    throw new StackError(
      'UNKNOWN_NAME',
      `${name ? `no log named "${name}"` : 'which log?'}; known: ${[...known.keys()].sort().join(', ')}\n${LOGS_USAGE}`,
    );
  }
  const lines = Number(linesText);
  if (!Number.isInteger(lines) || lines < 0)
    throw new StackError('BAD_ARGUMENT', `lines must be a number, got "${linesText}"`);
  const paint = painter(colour);
  const show = (line: string) =>
    print(entry.app && !values.raw ? formatAppLine(line, paint) : line);
  if (!existsSync(entry.file)) {
    print(`(no log yet: ${entry.file})`);
    if (!values.follow) return;
  }
  for (const line of tailLines(entry.file, lines)) show(line);
  if (values.follow) await follow(entry.file, show);
}

/** Prints lines appended to `file` from now on, polling twice a second (a rotated file is reopened). */
async function follow(file: string, show: (line: string) => void): Promise<never> {
  let offset = existsSync(file) ? statSync(file).size : 0;
  let partial = '';
  for (;;) {
    await sleep(500);
    if (!existsSync(file)) continue;
    const size = statSync(file).size;
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const text = partial + buffer.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) show(line);
  }
}
