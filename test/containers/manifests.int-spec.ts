import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageSpecs, REPO_ROOT } from './support/repo';
import { run, runOk } from './support/run';

const K8S = join(REPO_ROOT, 'deploy/k8s');
const OVERLAYS = readdirSync(join(K8S, 'overlays'));
const LANES = join(K8S, 'base/sinks');

function schemas(): string {
  const dir = process.env.TRIBUTARY_K8S_SCHEMAS;
  if (!dir) throw new Error('TRIBUTARY_K8S_SCHEMAS is not set: run scripts/containers/stage.sh');
  return dir;
}

/** kubeconform in strict mode against Kubernetes', KEDA's and the Prometheus Operator's schemas. */
function kubeconform(manifests: string) {
  const template = '{{ .ResourceKind }}{{ .KindSuffix }}.json';
  return run(
    'kubeconform',
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-verbose',
      '-schema-location',
      join(schemas(), 'kubernetes', template),
      '-schema-location',
      join(schemas(), 'crds', template),
      '-',
    ],
    { input: manifests },
  );
}

interface Validated {
  resources: { kind: string; name: string; status: string; msg: string }[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

const build = (overlay: string) => runOk('kustomize', ['build', join(K8S, 'overlays', overlay)]);
const checkRules = (manifests: string, production: boolean) =>
  run(
    'python3',
    [
      join(REPO_ROOT, 'scripts/containers/check-manifests.py'),
      '--lanes',
      LANES,
      ...(production ? ['--production'] : []),
    ],
    { input: manifests },
  );

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('has a local and a production overlay', () => {
    expect(OVERLAYS).toEqual(expect.arrayContaining(['local', 'production']));
  });

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    let manifests: string;
    beforeAll(async () => {
      manifests = await build(overlay);
    });

    it('validates strictly against the Kubernetes, KEDA and Prometheus Operator schemas', async () => {
      const result = await kubeconform(manifests);
      const report = JSON.parse(result.stdout) as Validated;
      expect(report.resources.filter((r) => r.status !== 'statusValid')).toEqual([]);
      expect(result.code).toBe(0);
      expect(report.summary.skipped).toBe(0);

      // A Deployment, Service and ServiceMonitor per app; a ScaledObject per sink lane.
      const names = (kind: string) =>
        report.resources.filter((r) => r.kind === kind).map((r) => r.name);
      for (const spec of imageSpecs().filter((s) => s.role === 'app')) {
        const deployments = names('Deployment').filter((name) => name.startsWith(spec.name));
        expect(deployments.length).toBeGreaterThanOrEqual(1);
        for (const name of deployments) {
          expect(names('Service')).toContain(name);
          expect(names('ServiceMonitor')).toContain(name);
          expect(names('PodDisruptionBudget')).toContain(name);
        }
      }
      const lanes = readdirSync(LANES);
      expect(names('ScaledObject').sort()).toEqual(
        lanes.map((lane) => `bronze-sink-${lane}`).sort(),
      );
      expect(names('NetworkPolicy')).toEqual(['tributary-apps']);
      expect(names('PrometheusRule')).toEqual(['tributary']);
    });

    it('meets the deploy rules: restricted pods, probes, drain, KEDA within partitions', async () => {
      const result = await checkRules(manifests, overlay === 'production');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });

  describe('a broken manifest fails', () => {
    let production: string;
    beforeAll(async () => {
      production = await build('production');
    });

    it('an unknown field in a Deployment (strict schema)', async () => {
      const broken = production.replace('revisionHistoryLimit: 5', 'revisionHistoryLimt: 5');
      expect(broken).not.toBe(production);
      const result = await kubeconform(broken);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toMatch(/revisionHistoryLimt/);
    });

    it('a ScaledObject whose maxReplicaCount is not an integer (KEDA CRD schema)', async () => {
      const broken = production.replace('maxReplicaCount: 6', 'maxReplicaCount: six');
      expect(broken).not.toBe(production);
      const result = await kubeconform(broken);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toMatch(/ScaledObject/);
    });

    it('a lane scaled beyond its partitions, and a writable root filesystem (deploy rules)', async () => {
      const broken = production
        .replace('maxReplicaCount: 6', 'maxReplicaCount: 12')
        .replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
      const result = await checkRules(broken, true);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/maxReplicaCount 12 exceeds the 6 partitions/);
      expect(result.stderr).toMatch(/readOnlyRootFilesystem is not true/);
    });

    it('a single writer (the scraper) scaled to 2 (deploy rules)', async () => {
      const documents = production.split(/^---$/m);
      const scraper = documents.findIndex(
        (document) => /^kind: Deployment$/m.test(document) && /^ {2}name: scraper$/m.test(document),
      );
      expect(scraper).toBeGreaterThanOrEqual(0);
      documents[scraper] = documents[scraper]!.replace(/^ {2}replicas: 1$/m, '  replicas: 2');
      const result = await checkRules(documents.join('---'), true);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /Deployment scraper: a single writer runs 2 replicas with Recreate, not 1 with Recreate/,
      );
    });

    it('a password inlined in production (deploy rules)', async () => {
      const broken = production.replace(
        /^( *)- name: OPS_PORT$/m,
        (line, indent: string) =>
          `${indent}- name: AWS_SECRET_ACCESS_KEY\n${indent}  value: hunter2\n${line}`,
      );
      expect(broken).not.toBe(production);
      const result = await checkRules(broken, true);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/AWS_SECRET_ACCESS_KEY is inlined/);
    });
  });

  it('the lag-based HPA alternative validates too', async () => {
    const dir = join(K8S, 'examples/hpa-on-lag');
    const manifests = readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n---\n');
    const result = await kubeconform(manifests);
    expect(result.stdout).toMatch(/"valid": 1/);
    expect(result.code).toBe(0);
  });

  it('the PrometheusRule shipped to Kubernetes is the rule file compose and promtool use', async () => {
    const result = await run('python3', [
      join(REPO_ROOT, 'scripts/containers/prometheus-rule.py'),
      '--check',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
