import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onPath, run } from '../commands';
import { stackPaths, type StackConfig } from '../config';
import type { LaunchSpec, StackServer } from '../server';

/** Folder of file-based service discovery: one JSON file per scraped app, picked up within seconds. */
export function scrapeTargetsDir(config: StackConfig): string {
  return join(stackPaths(config, 'prometheus').conf, 'targets');
}

/** Makes Prometheus scrape `address` (host:port serving /metrics) as job `job`. */
export function addScrapeTarget(config: StackConfig, job: string, address: string): void {
  const dir = scrapeTargetsDir(config);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${job}.json`),
    JSON.stringify([{ targets: [address], labels: { job } }], null, 2),
  );
}

export function removeScrapeTarget(config: StackConfig, job: string): void {
  rmSync(join(scrapeTargetsDir(config), `${job}.json`), { force: true });
}

/** Installs Debian's prometheus package when it is missing (the machine's own package manager). */
async function installFromApt(): Promise<void> {
  const aptGet = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  const [command, ...prefix] = aptGet as [string, ...string[]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run(command, [...prefix, 'update', '-qq'], { env });
  await run(command, [...prefix, 'install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
    env,
  });
}

export function prometheusServer(config: StackConfig): StackServer {
  const paths = stackPaths(config, 'prometheus');
  const url = `http://127.0.0.1:${config.ports.prometheus}`;

  function prometheusYaml(): string {
    return [
      'global:',
      '  scrape_interval: 5s',
      '  evaluation_interval: 5s',
      'scrape_configs:',
      '  - job_name: prometheus',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${config.ports.prometheus}']`,
      '  - job_name: tributary',
      '    file_sd_configs:',
      `      - files: ['${scrapeTargetsDir(config)}/*.json']`,
      '        refresh_interval: 5s',
      '',
    ].join('\n');
  }

  return {
    name: 'prometheus',
    ports: { TRIBUTARY_PROMETHEUS_PORT: config.ports.prometheus },
    async install() {
      if (await onPath('prometheus')) return 'present';
      await installFromApt();
      return 'installed';
    },
    prepare(): Promise<LaunchSpec> {
      mkdirSync(paths.conf, { recursive: true });
      mkdirSync(scrapeTargetsDir(config), { recursive: true });
      mkdirSync(paths.data, { recursive: true });
      const configFile = join(paths.conf, 'prometheus.yml');
      writeFileSync(configFile, prometheusYaml());
      return Promise.resolve({
        command: 'prometheus',
        args: [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${paths.data}`,
          '--storage.tsdb.retention.time=7d',
          `--web.listen-address=127.0.0.1:${config.ports.prometheus}`,
          '--web.enable-lifecycle',
          '--log.level=warn',
        ],
        cwd: paths.conf,
        env: {},
      });
    },
    async isReady() {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      return response.status === 200;
    },
    endpoints: () => ({ TRIBUTARY_PROMETHEUS_URL: url }),
    describe: () => `Prometheus  ${url} (targets in ${scrapeTargetsDir(config)})`,
  };
}
