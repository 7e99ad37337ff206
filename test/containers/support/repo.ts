import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tributary/local-stack';

export { REPO_ROOT };

export interface ImageSpec {
  name: string;
  dir: string;
  role: 'app' | 'dev-server';
  ship: string[];
  health: { portEnv: string; defaultPort: number; path: string };
  env: Record<string, string>;
}

/** deploy/docker/images.json: every image the stage builds. */
export function imageSpecs(): ImageSpec[] {
  const file = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/docker/images.json'), 'utf8')) as {
    images: ImageSpec[];
  };
  return file.images;
}

/** The tag scripts/containers/build-images.sh gives an image (and compose and deploy/k8s use). */
export function imageTag(name: string): string {
  const repository = process.env.TRIBUTARY_IMAGE_REPOSITORY ?? 'tributary';
  return `${repository}/${name}:${process.env.TRIBUTARY_IMAGE_TAG ?? 'dev'}`;
}

export function repoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** Every `tributary_*` metric a text mentions (PromQL in rules or dashboards), suffixes kept. */
export function metricNamesIn(text: string): Set<string> {
  return new Set(text.match(/\btributary_[a-z0-9_]+/g) ?? []);
}

/** The compose service names prometheus.compose.yml discovers (its dns_sd `names`). */
export function scrapedNames(): string[] {
  const block = /names:\n((?:\s+- \S+\n)+)/.exec(
    repoFile('deploy/monitoring/prometheus/prometheus.compose.yml'),
  );
  return [...(block?.[1] ?? '').matchAll(/- (\S+)/g)].map((m) => m[1] ?? '');
}
