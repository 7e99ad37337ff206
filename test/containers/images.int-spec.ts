import { GenericContainer, Wait } from 'testcontainers';
import { inspectContainer, inspectImage } from './support/docker';
import { imageSpecs, imageTag } from './support/repo';
import { runOk } from './support/run';

/** A container with a read-only root filesystem (no `withReadOnlyRootFilesystem` in testcontainers). */
class ReadOnlyRootContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.hostConfig.ReadonlyRootfs = true;
  }
}

const OCI_LABELS = ['title', 'source', 'licenses', 'version', 'revision', 'created'];

describe('images built from deploy/docker/app.Dockerfile', () => {
  const specs = imageSpecs();

  it('lists at least the apps and dev servers that exist', () => {
    expect(specs.map((spec) => spec.name)).toEqual(
      expect.arrayContaining([
        'bronze-sink',
        'github-events',
        'github-replay',
        'job-postings',
        'jobs-replay',
        'scraper',
        'shot-chart-site',
      ]),
    );
  });

  describe.each(specs.map((spec) => spec.name))('%s', (name) => {
    it('runs tini as PID 1, as uid 10001, with a node HEALTHCHECK on its port and OCI labels', async () => {
      const image = await inspectImage(imageTag(name));
      expect(image.Config.User).toBe('10001:10001');
      expect(image.Config.Entrypoint).toEqual(['tini', '--', '/app/start']);
      expect(image.Config.Healthcheck?.Test).toEqual(['CMD', 'node', '/app/healthcheck.mjs']);
      expect(image.Config.WorkingDir).toBe('/app');
      for (const label of OCI_LABELS) {
        expect(image.Config.Labels?.[`org.opencontainers.image.${label}`]).toMatch(/\S/);
      }
      expect(image.Config.Labels?.['dev.tributary.app']).toBe(name);
      // Nothing secret is baked in.
      expect((image.Config.Env ?? []).join('\n')).not.toMatch(/SECRET|PASSWORD|TOKEN/);
      process.stdout.write(`image ${imageTag(name)}: ${(image.Size / 1e6).toFixed(0)} MB\n`);
    });
  });

  const devServers = specs.filter((spec) => spec.role === 'dev-server');
  it.each(devServers.map((spec) => spec.name))(
    '%s starts healthy on a read-only root with only /tmp writable, and stops on SIGTERM with exit 0',
    async (name) => {
      const container = await new ReadOnlyRootContainer(imageTag(name))
        .withTmpFs({ '/tmp': 'rw,size=16m' })
        .withDroppedCapabilities('ALL')
        .withSecurityOpt('no-new-privileges:true')
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(60_000)
        .start();
      let stoppedId: string | undefined;
      try {
        const info = await inspectContainer(container.getId());
        expect(info.HostConfig.ReadonlyRootfs).toBe(true);
        expect(info.State.Health?.Status).toBe('healthy');
        expect((await container.exec(['id', '-u'])).output.trim()).toBe('10001');
        expect((await container.exec(['touch', '/app/written'])).exitCode).not.toBe(0);
        expect((await container.exec(['touch', '/tmp/written'])).exitCode).toBe(0);

        // tini hands SIGTERM to node, whose graceful shutdown exits 0.
        stoppedId = (await container.stop({ remove: false, timeout: 20_000 })).getId();
        const exitCode = await runOk('docker', [
          'inspect',
          '--format',
          '{{.State.ExitCode}}',
          stoppedId,
        ]);
        expect(exitCode.trim()).toBe('0');
      } finally {
        if (stoppedId) await runOk('docker', ['rm', '--force', stoppedId]);
        else await container.stop();
      }
    },
  );
});
