#!/usr/bin/env node
import { readFileSync, existsSync } from 'node:fs';
import { ConfigError } from '@tributary/runtime';
import { loadStackConfig, stackPaths } from './config';
import { addScrapeTarget, removeScrapeTarget } from './servers/prometheus';
import { installStack, readStackEnv, stackDown, stackServers, stackStatus, stackUp } from './stack';

const USAGE = `usage: stack <command>
  install                 install every server (cached; nothing is started)
  up                      start every server that is not running and wait until all answer
  down [server...]        stop the servers this stack started
  status                  show which servers run and answer
  logs <server> [lines]   print the end of a server's log (kafka, minio, kinesis, prometheus)
  env                     print the endpoint variables as shell exports
  target add <job> <host:port> | target remove <job>   (Prometheus scrape targets)`;

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadStackConfig();
  switch (command) {
    case 'install':
      await installStack(config, print);
      return 0;
    case 'up': {
      const started = Date.now();
      const result = await stackUp(config, print);
      print(`\nlocal stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
      for (const line of result.descriptions) print(`  ${line}`);
      print(`  logs and data under ${config.stackDir}; endpoint variables: ./tributary stack env`);
      return 0;
    }
    case 'down':
      await stackDown(config, print, rest.length > 0 ? rest : undefined);
      return 0;
    case 'status': {
      const statuses = await stackStatus(config);
      for (const status of statuses) {
        const state =
          status.pid === undefined ? 'stopped' : status.ready ? 'ready' : 'not answering';
        print(`${status.name.padEnd(11)} ${state.padEnd(14)} ${status.pid ?? ''}`);
      }
      return statuses.every((status) => status.ready) ? 0 : 3;
    }
    case 'logs': {
      const [name, lines = '100'] = rest;
      if (!name || !stackServers(config).some((server) => server.name === name)) {
        print(USAGE);
        return 2;
      }
      const log = stackPaths(config, name).log;
      if (!existsSync(log)) return 0;
      print(readFileSync(log, 'utf8').split('\n').slice(-Number(lines)).join('\n'));
      return 0;
    }
    case 'env': {
      const env = readStackEnv(config);
      if (!env) {
        process.stderr.write('the local stack has not been started (./tributary stack up)\n');
        return 1;
      }
      for (const [key, value] of Object.entries(env)) print(`export ${key}=${value}`);
      return 0;
    }
    case 'target': {
      const [action, job, address] = rest;
      if (action === 'add' && job && address) addScrapeTarget(config, job, address);
      else if (action === 'remove' && job) removeScrapeTarget(config, job);
      else {
        print(USAGE);
        return 2;
      }
      return 0;
    }
    default:
      print(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 78;
      return;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
