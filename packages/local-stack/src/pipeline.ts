import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadStackConfig, REPO_ROOT } from './config';
import { expandEnvValue } from './expand-env';
import { addScrapeTarget, removeScrapeTarget } from './servers/prometheus';
import { readStackEnv } from './stack';

const appsFile = z.object({
  apps: z.array(
    z.object({
      name: z.string().regex(/^[a-z][a-z0-9-]*$/),
      cwd: z.string(),
      command: z.array(z.string()).min(1),
      /** Where the app serves /metrics and /health; absent for dev tools such as the replay server. */
      opsPort: z.number().int().min(1).max(65535).optional(),
      /** Values may say `${NAME:-default}`: the caller's variable if set, else the default. */
      env: z.record(z.string(), z.string()).default({}),
      /** Skip the app when this variable is set (the replay GitHub when a live one is configured). */
      skipIfSet: z.string().optional(),
    }),
  ),
});

const print = (line: string) => process.stdout.write(`${line}\n`);
const running: ChildProcess[] = [];

function startApp(
  app: z.infer<typeof appsFile>['apps'][number],
  stackEnv: Record<string, string>,
): ChildProcess {
  const [command, ...args] = app.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: join(REPO_ROOT, app.cwd),
    env: {
      ...process.env,
      ...stackEnv,
      ...Object.fromEntries(Object.entries(app.env).map(([k, v]) => [k, expandEnvValue(v)])),
      ...(app.opsPort ? { OPS_PORT: String(app.opsPort) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only this supervisor, which then sends each app one SIGTERM
    // (two signals would make an app skip its graceful flush).
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => print(`[${app.name}] ${line}`));
  }
  child.on('exit', (code, signal) => print(`[${app.name}] exited (${signal ?? code})`));
  running.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `./tributary run`: starts every app against the running local stack; Ctrl-C stops them gracefully. */
async function main(): Promise<void> {
  const config = loadStackConfig();
  const stackEnv = readStackEnv(config);
  if (!stackEnv) throw new Error('the local stack is not running (./tributary stack up)');
  const { apps } = appsFile.parse(
    JSON.parse(readFileSync(join(REPO_ROOT, 'deploy', 'local', 'apps.json'), 'utf8')),
  );

  const selected = apps.filter((app) => !app.skipIfSet || !process.env[app.skipIfSet]);
  const children = selected.map((app) => {
    if (app.opsPort) addScrapeTarget(config, app.name, `127.0.0.1:${app.opsPort}`);
    return { app, child: startApp(app, stackEnv) };
  });

  print('\nTributary is running. Where to look:');
  print(`  Kafka brokers   ${stackEnv.TRIBUTARY_KAFKA_BROKERS}`);
  print(
    `  MinIO (S3)      ${stackEnv.TRIBUTARY_S3_ENDPOINT}  bucket ${stackEnv.TRIBUTARY_S3_BUCKET}`,
  );
  print(
    `  MinIO console   http://127.0.0.1:${config.ports.minioConsole}  (credentials: ${join(config.stackDir, 'credentials.json')})`,
  );
  print(`  Kinesis         ${stackEnv.TRIBUTARY_KINESIS_ENDPOINT}`);
  print(`  Prometheus      ${stackEnv.TRIBUTARY_PROMETHEUS_URL}/targets`);
  for (const { app } of children) {
    if (app.opsPort) {
      print(`  ${app.name.padEnd(15)} http://127.0.0.1:${app.opsPort}/metrics  /health/ready`);
    } else print(`  ${app.name.padEnd(15)} (dev tool, ${app.cwd})`);
  }
  if (children.length === 0) print('  (no apps are registered in deploy/local/apps.json yet)');
  print('Press Ctrl-C to stop.\n');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  print('stopping apps...');
  for (const { child } of children) child.kill('SIGTERM');
  const forceKill = setTimeout(
    () => children.forEach(({ child }) => child.kill('SIGKILL')),
    30_000,
  );
  await Promise.all(children.map(({ child }) => exited(child)));
  clearTimeout(forceKill);
  for (const { app } of children) if (app.opsPort) removeScrapeTarget(config, app.name);
}

process.on('exit', () => {
  // If the supervisor dies, its detached apps must not outlive it.
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
