#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from '@tributary/runtime';
import { writeFileSync } from 'node:fs';
import { loadStackConfig, loadToolConfig } from './config';
import { backfillCommand, BACKFILL_USAGE } from './cli/backfill-command';
import { envExports } from './cli/env-exports';
import { logsCommand, LOGS_USAGE } from './cli/logs-command';
import { resetCommand, RESET_USAGE } from './cli/reset-command';
import { statusCommand } from './cli/status-command';
import { parsePeekArgs, peek, PEEK_USAGE } from './peek/peek-command';
import { activeRun } from './run/run-lock';
import { addScrapeTarget, removeScrapeTarget } from './servers/prometheus';
import { installStack, readStackEnv, stackDown, stackUp } from './stack';
import { StackError, type StackErrorCode } from './stack-error';
import { colourWanted } from './term';

const USAGE = `usage: tributary stack <command>
  install                 install every server (cached; nothing is started)
  up                      start every server that is not running and wait until all answer
  down [server...]        stop the servers this stack started
  status                  which servers run and answer, the ports in use, the run and its apps
  logs <name> [lines] [-f]  the end of a server's or an app's log
  env [--aws]             the endpoint variables as shell exports (AWS_* only where yours are unset)
  reset [--all] [--yes]   remove what tests left (topics, groups, buckets, streams); --all: every data
  target add <job> <host:port> | target remove <job>   (Prometheus scrape targets)`;

const print = (line: string) => process.stdout.write(`${line}\n`);
// `./tributary peek | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const note = (line: string) => process.stderr.write(`${line}\n`);

/** Exit codes by refusal: sysexits.h where one fits. */
const EXIT_CODES: Partial<Record<StackErrorCode, number>> = {
  RUN_ACTIVE: 75,
  UNKNOWN_NAME: 64,
  BAD_ARGUMENT: 64,
  STACK_NOT_RUNNING: 69,
  UPSTREAM_UNREACHABLE: 69,
  NOT_CONFIRMED: 1,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    print(USAGE);
    return 0;
  }
  const config = loadStackConfig();
  const { appsFile } = loadToolConfig();
  const colour = colourWanted(process.stdout, process.env);
  switch (command) {
    case 'install':
      await installStack(config, print);
      return 0;
    case 'up': {
      const { values } = parseArgs({
        args: rest,
        options: { 'record-started': { type: 'string' } },
      });
      const started = Date.now();
      const result = await stackUp(config, print);
      // For a caller that must later stop only what this call started (./tributary test).
      if (values['record-started'])
        writeFileSync(values['record-started'], result.started.join(' '));
      print(`\nlocal stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      for (const line of result.descriptions) print(`  ${line}`);
      print(`  logs and data under ${config.stackDir}; endpoint variables: ./tributary stack env`);
      return 0;
    }
    case 'down': {
      const run = activeRun(config);
      if (run)
        note(
          `note: a ./tributary run (pid ${run.pid}) is using this stack; its apps will lose their servers`,
        );
      await stackDown(config, print, rest.length > 0 ? rest : undefined);
      return 0;
    }
    case 'status':
      return statusCommand(config, print);
    case 'logs':
      if (rest.includes('--help')) {
        print(LOGS_USAGE);
        return 0;
      }
      await logsCommand(config, appsFile, rest, print, colour);
      return 0;
    case 'env': {
      const stackEnv = readStackEnv(config);
      if (!stackEnv) {
        note('the local stack has not been started (./tributary stack up)');
        return 1;
      }
      const { lines, kept } = envExports(stackEnv, process.env, rest.includes('--aws'));
      for (const line of lines) print(line);
      if (kept.length > 0) {
        // On stderr: `eval "$(…)"` shows it instead of running it.
        note(
          `tributary: kept your own ${kept.join(', ')} (the stack's MinIO credentials are in ${config.stackDir}/credentials.json; ./tributary stack env --aws prints them too, replacing yours)`,
        );
      }
      return 0;
    }
    case 'reset':
      if (rest.includes('--help')) {
        print(RESET_USAGE);
        return 0;
      }
      return resetCommand(config, rest, print);
    case 'target': {
      const [action, job, address] = rest;
      if (action === 'add' && job && address) addScrapeTarget(config, job, address);
      else if (action === 'remove' && job) removeScrapeTarget(config, job);
      else {
        print(USAGE);
        return 64;
      }
      return 0;
    }
    case 'peek': {
      const options = parsePeekArgs(rest);
      if (options === 'help') {
        print(PEEK_USAGE);
        return 0;
      }
      await peek(config, options, print);
      return 0;
    }
    case 'backfill':
      if (rest.length === 0 || rest.includes('--help')) {
        print(BACKFILL_USAGE);
        return rest.length === 0 ? 64 : 0;
      }
      return backfillCommand(config, appsFile, rest, process.env, print, colour);
    case 'run-guard': {
      // ./tributary run asks before its setup, so a second run refuses before touching anything.
      const run = activeRun(config);
      if (!run) return 0;
      note(
        `tributary run: another ./tributary run (pid ${run.pid}, started ${run.startedAt}) is already running on ${config.stackDir}; stop it with Ctrl-C in its terminal (or kill -INT ${run.pid})`,
      );
      return 75;
    }
    default:
      note(`unknown command "${command}"\n${USAGE}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      note(error.message);
      process.exitCode = 78;
      return;
    }
    if (error instanceof StackError) {
      note(error.message);
      process.exitCode = EXIT_CODES[error.code] ?? 1;
      return;
    }
    note(error instanceof Error ? error.message : String(error));
    // node:util parseArgs: an unknown option or a missing value is a usage error.
    const code = (error as { code?: unknown }).code;
    process.exitCode = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') ? 64 : 1;
  },
);
