import { join } from 'node:path';
import { appLogFile, loadStackConfig, loadToolConfig } from '../config';
import { portIsFree } from '../ports';
import { addScrapeTarget, removeScrapeTarget } from '../servers/prometheus';
import { stackDown, stackUp } from '../stack';
import { StackError } from '../stack-error';
import { colourWanted, painter } from '../term';
import { appCwd, appEnv, loadApps, selectApps, type AppSpec } from './apps-file';
import { LandedReporter } from './landed-reporter';
import { formatAppLine } from './log-format';
import { ReadinessWatch } from './readiness-watch';
import { acquireRunLock } from './run-lock';
import { Supervisor, type RunFailure } from './supervisor';

/** How long apps get to drain after Ctrl-C before they are killed. */
const STOP_GRACE_MS = 30_000;

const print = (line: string) => process.stdout.write(`${line}\n`);
// A terminal that went away (or `| head`) must not crash the supervisor before it stops the apps.
process.stdout.on('error', () => undefined);

/** The ports an app will listen on: its ops port and any `*_PORT` number in its settings. */
function appPorts(app: AppSpec): { port: number; what: string }[] {
  const ports = app.opsPort ? [{ port: app.opsPort, what: `${app.name}'s ops port` }] : [];
  for (const [name, value] of Object.entries(app.env)) {
    if (name.endsWith('_PORT') && /^\d+$/.test(value)) {
      ports.push({ port: Number(value), what: `${app.name}'s ${name}` });
    }
  }
  return ports;
}

async function assertAppPortsFree(apps: readonly AppSpec[]): Promise<void> {
  for (const app of apps) {
    for (const { port, what } of appPorts(app)) {
      if (!(await portIsFree(port))) {
        throw new StackError(
          'PORT_IN_USE',
          `port ${port} (${what}) is already in use by another process; is another ./tributary run using another stack folder? (ss -ltnp 'sport = :${port}' shows who)`,
        );
      }
    }
  }
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * `./tributary run`: one run per stack folder; starts what the stack lacks, then every app of the
 * apps file under the supervisor; on Ctrl-C (or an app failure the run cannot survive) stops the
 * apps, then only the servers this run started. Resolves with the process exit code.
 */
export async function runPipeline(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = Date.now();
  const config = loadStackConfig(env);
  const { appsFile } = loadToolConfig(env);
  const apps = selectApps(loadApps(appsFile), env);
  const release = acquireRunLock(config, appsFile);
  const paint = painter(colourWanted(process.stdout, env));
  const prefix = (app: string) => paint('cyan', `[${app}]`);
  let supervisor: Supervisor | undefined;
  process.on('exit', () => supervisor?.killAll());
  try {
    await assertAppPortsFree(apps);
    const stack = await stackUp(config, print);
    const stackEnv = stack.endpoints;

    supervisor = new Supervisor(
      apps.map((app) => ({
        name: app.name,
        command: app.command as [string, ...string[]],
        cwd: appCwd(app),
        env: appEnv(app, stackEnv, env),
        logFile: appLogFile(config, app.name),
      })),
      {
        line: (app, text) => print(`${prefix(app)} ${formatAppLine(text, paint)}`),
        notice: (app, text) => print(`${prefix(app)} ${paint('bold', text)}`),
      },
    );
    for (const app of apps) {
      if (app.opsPort) addScrapeTarget(config, app.name, `127.0.0.1:${app.opsPort}`);
    }
    supervisor.start();
    const readiness = new ReadinessWatch(
      apps.flatMap((app) => (app.opsPort ? [{ name: app.name, opsPort: app.opsPort }] : [])),
      (app, text) => print(`${prefix(app)} ${paint('bold', text)}`),
    );
    readiness.start();
    const landed = new LandedReporter(
      (stackEnv.TRIBUTARY_KAFKA_BROKERS ?? '').split(','),
      stackEnv.TRIBUTARY_S3_BUCKET ?? 'bronze',
      (text) => print(`${prefix('bronze')} ${text}`),
    );
    if (stackEnv.TRIBUTARY_KAFKA_BROKERS) landed.start();

    printWhereToLook(
      config.ports.minioConsole,
      config.stackDir,
      stackEnv,
      apps,
      paint('bold', 'Tributary is running.'),
    );

    const outcome = await Promise.race([
      waitForStopSignal().then((signal) => ({ signal })),
      supervisor.failed.then((failure) => ({ failure })),
    ]);
    process.once('SIGINT', () => {
      print('second Ctrl-C: killing every app now');
      supervisor?.killAll();
      process.exit(130);
    });
    print(
      'failure' in outcome
        ? `\n${paint('red', `stopping the run: ${outcome.failure.app} ${outcome.failure.reason}`)}`
        : '\nstopping apps (Ctrl-C again kills them at once)...',
    );
    readiness.stop();
    await supervisor.stopAll(STOP_GRACE_MS);
    await landed.stop();
    for (const app of apps) if (app.opsPort) removeScrapeTarget(config, app.name);
    printSummary(
      supervisor,
      landed,
      Date.now() - started,
      'failure' in outcome ? outcome.failure : undefined,
    );
    if (stack.started.length > 0) {
      print(`stopping the servers this run started: ${stack.started.join(', ')}`);
      await stackDown(config, print, stack.started);
    } else
      print(
        'the local stack keeps running (it was running before this run): ./tributary stack down stops it',
      );
    return 'failure' in outcome ? outcome.failure.exitCode : 0;
  } finally {
    release();
  }
}

function printWhereToLook(
  minioConsolePort: number,
  stackDir: string,
  stackEnv: Record<string, string>,
  apps: readonly AppSpec[],
  title: string,
): void {
  print(`\n${title} Where to look:`);
  print(`  Kafka brokers   ${stackEnv.TRIBUTARY_KAFKA_BROKERS}`);
  print(
    `  MinIO (S3)      ${stackEnv.TRIBUTARY_S3_ENDPOINT}  bucket ${stackEnv.TRIBUTARY_S3_BUCKET}`,
  );
  print(
    `  MinIO console   http://127.0.0.1:${minioConsolePort}  (credentials: ${join(stackDir, 'credentials.json')})`,
  );
  print(`  Kinesis         ${stackEnv.TRIBUTARY_KINESIS_ENDPOINT}`);
  print(`  Prometheus      ${stackEnv.TRIBUTARY_PROMETHEUS_URL}/targets`);
  for (const app of apps) {
    if (app.opsPort) {
      print(`  ${app.name.padEnd(15)} http://127.0.0.1:${app.opsPort}/metrics  /health/ready`);
    } else print(`  ${app.name.padEnd(15)} (dev tool, ${app.cwd})`);
  }
  if (apps.length === 0) print('  (no apps are registered in the apps file)');
  print(
    `  App logs        ./tributary logs <app> [-f]   (files in ${join(stackDir, 'logs', 'apps')})`,
  );
  print('  The data        ./tributary peek   (topics, lag, bronze hours; --sql for DuckDB)');
  print('Press Ctrl-C to stop.\n');
}

function printSummary(
  supervisor: Supervisor,
  landed: LandedReporter,
  elapsedMs: number,
  failure: RunFailure | undefined,
): void {
  print(`\nrun ${failure ? 'failed' : 'ended'} after ${duration(elapsedMs)}:`);
  for (const app of supervisor.summary()) {
    const restarts = app.restarts > 0 ? `, restarted ${app.restarts}×` : '';
    print(`  ${app.name.padEnd(15)} ${app.lastExit ?? 'never exited'}${restarts}`);
  }
  const totals = landed.totals();
  print(
    `  landed          ${totals.files.toLocaleString('en-US')} files, ${totals.records.toLocaleString('en-US')} records during this run (./tributary peek shows all)`,
  );
  if (failure) print(`  cause           ${failure.app} ${failure.reason}`);
}
