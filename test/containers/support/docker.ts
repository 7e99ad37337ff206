import { run, runOk } from './run';

/** What a compose project still owns: containers, networks and volumes labelled with it. */
export async function projectResources(project: string) {
  const label = `label=com.docker.compose.project=${project}`;
  const list = async (args: string[]) =>
    (await runOk('docker', [...args, '--filter', label, '--quiet']))
      .split('\n')
      .filter((line) => line.trim().length > 0);
  return {
    containers: await list(['ps', '--all']),
    networks: await list(['network', 'ls']),
    volumes: await list(['volume', 'ls']),
  };
}

export async function inspectContainer(name: string) {
  const [info] = JSON.parse(await runOk('docker', ['inspect', name])) as {
    Id: string;
    State: { Status: string; Running: boolean; Health?: { Status: string } };
    HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[] | null };
    Config: { User: string };
  }[];
  if (!info) throw new Error(`docker inspect ${name} returned nothing`);
  return info;
}

export async function execIn(container: string, command: string[]) {
  return run('docker', ['exec', container, ...command]);
}

export interface ImageConfig {
  Size: number;
  Config: {
    User: string;
    Entrypoint: string[] | null;
    Env: string[] | null;
    ExposedPorts?: Record<string, unknown>;
    Labels: Record<string, string> | null;
    Healthcheck?: { Test: string[] };
    WorkingDir: string;
  };
}

export async function inspectImage(tag: string): Promise<ImageConfig> {
  const [info] = JSON.parse(await runOk('docker', ['image', 'inspect', tag])) as ImageConfig[];
  if (!info) throw new Error(`docker image inspect ${tag} returned nothing`);
  return info;
}

/**
 * Samples `docker stats` every few seconds while a run goes on and keeps each container's highest
 * memory use: the peaks the Kubernetes requests and limits come from.
 */
export class MemorySampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly project: string) {}

  start(intervalMs = 3_000): void {
    this.timer = setInterval(() => {
      this.sampling = this.sampleOnce().catch(() => undefined);
    }, intervalMs);
  }

  async stop(): Promise<Map<string, number>> {
    clearInterval(this.timer);
    await this.sampling;
    return this.peaks;
  }

  private async sampleOnce(): Promise<void> {
    const names = (
      await runOk('docker', [
        'ps',
        '--filter',
        `label=com.docker.compose.project=${this.project}`,
        '--format',
        '{{.Names}}',
      ])
    )
      .split('\n')
      .filter(Boolean);
    if (names.length === 0) return;
    const out = await runOk('docker', [
      'stats',
      '--no-stream',
      '--format',
      '{{.Name}}\t{{.MemUsage}}',
      ...names,
    ]);
    for (const line of out.split('\n').filter(Boolean)) {
      const [name, usage] = line.split('\t');
      const bytes = parseSize(usage?.split('/')[0]?.trim() ?? '');
      const service = (name ?? '').replace(`${this.project}-`, '');
      if (bytes > (this.peaks.get(service) ?? 0)) this.peaks.set(service, bytes);
    }
  }
}

const UNITS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
};

export function parseSize(text: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text);
  if (!match) return 0;
  return Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0);
}
