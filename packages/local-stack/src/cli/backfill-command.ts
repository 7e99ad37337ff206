import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { appLogFile, type StackConfig } from '../config';
import { freePort } from '../ports';
import { AppLogFile } from '../run/app-log';
import { appCwd, appEnv, loadApps } from '../run/apps-file';
import { formatAppLine } from '../run/log-format';
import { stackStatus } from '../stack';
import { readStackEnv } from '../stack';
import { StackError } from '../stack-error';
import { painter } from '../term';
import { classifyNetworkFailure } from '@tributary/runtime';

/** The app whose `backfill` command this runs, as registered in the apps file. */
const BACKFILL_APP = 'github-events';

export const BACKFILL_USAGE = `usage: tributary backfill --from 2025-01-15T00 --to 2025-01-15T23
  streams GH Archive hours (UTC, inclusive) through github-events into the stack's Kafka, with the
  project's Node; the checkpoint lives in the stack folder (state/), so a second run of the same range
  resumes; GHARCHIVE_URL as in the apps file (the replay's archive unless you set it)`;

/** `2025-01-15T03` → `2025-01-15-3.json.gz` (GH Archive's name for the hour). */
function archiveFile(hour: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/.exec(hour);
  return match?.[1] && match[2] ? `${match[1]}-${Number(match[2])}.json.gz` : undefined;
}

function flag(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** GH Archive must answer at all (any HTTP status will do) before hours of retries are worth it. */
async function assertArchiveAnswers(
  archiveUrl: string,
  firstHour: string | undefined,
): Promise<void> {
  const file = firstHour ? archiveFile(firstHour) : undefined;
  const url = `${archiveUrl.replace(/\/+$/, '')}/${file ?? ''}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('no answer within 10 s')), 10_000);
  try {
    await fetch(url, { method: 'GET', signal: abort.signal });
  } catch (error) {
    const replay = archiveUrl.startsWith('http://127.0.0.1:19200');
    throw new StackError(
      'UPSTREAM_UNREACHABLE',
      `GH Archive at ${archiveUrl} does not answer: ${classifyNetworkFailure(error, new URL(archiveUrl).host).detail}` +
        (replay
          ? '; that is the replay GitHub, which runs with ./tributary run (start it in another terminal), or set GHARCHIVE_URL'
          : '; check the address, or set GHARCHIVE_URL'),
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/**
 * `./tributary backfill …`: github-events' backfill command as the apps file runs the app (its cwd,
 * command and settings), against this stack, on a free ops port, with its output formatted here and
 * kept raw in logs/apps/github-events-backfill.log. Resolves with the app's exit code.
 */
export async function backfillCommand(
  config: StackConfig,
  appsFile: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  colour: boolean,
): Promise<number> {
  const app = loadApps(appsFile).find((candidate) => candidate.name === BACKFILL_APP);
  if (!app)
    throw new StackError('UNKNOWN_NAME', `${appsFile} has no ${BACKFILL_APP} app to backfill with`);
  const stackEnv = readStackEnv(config);
  const kafka = (await stackStatus(config)).find((server) => server.name === 'kafka');
  if (!stackEnv || !kafka?.ready) {
    throw new StackError(
      'STACK_NOT_RUNNING',
      `the local stack in ${config.stackDir} is not running: ./tributary stack up (or ./tributary run in another terminal)`,
    );
  }
  const childEnv = appEnv(app, stackEnv, env);
  // Never the checkpoint in the source tree: in the stack folder, unless the caller chose a place.
  if (!env.BACKFILL_STATE_DIR && !env.BACKFILL_CHECKPOINT_FILE) {
    childEnv.BACKFILL_STATE_DIR = join(config.stackDir, 'state');
  }
  childEnv.OPS_PORT = String(await freePort());
  if (childEnv.GHARCHIVE_URL && !args.includes('--help')) {
    await assertArchiveAnswers(childEnv.GHARCHIVE_URL, flag(args, '--from'));
  }

  const log = new AppLogFile(appLogFile(config, `${BACKFILL_APP}-backfill`));
  const paint = painter(colour);
  const [command, ...commandArgs] = app.command as [string, ...string[]];
  log.write(
    `--- ${new Date().toISOString()} started: ${[command, ...commandArgs, 'backfill', ...args].join(' ')}`,
  );
  // Same process group: a Ctrl-C reaches the app, which stops gracefully and keeps its checkpoint.
  const child = spawn(command, [...commandArgs, 'backfill', ...args], {
    cwd: appCwd(app),
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ignoreInterrupt = () =>
    print('stopping the backfill (it keeps its checkpoint; run the same command to resume)');
  process.on('SIGINT', ignoreInterrupt);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(line);
      print(formatAppLine(line, paint));
    });
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
    });
  } finally {
    process.off('SIGINT', ignoreInterrupt);
    log.close();
  }
}
