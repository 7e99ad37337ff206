import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cachedDirectory, fileHash, isCached } from '../cache';
import { run } from '../commands';
import { REPO_ROOT, stackPaths, type StackConfig } from '../config';
import type { LaunchSpec, StackServer } from '../server';

const KAFKA_DEPLOY_DIR = join(REPO_ROOT, 'deploy', 'local', 'kafka');
const POM = join(KAFKA_DEPLOY_DIR, 'pom.xml');

/** Apache Kafka in KRaft mode, one process acting as broker and controller, jars from Maven Central. */
export function kafkaServer(config: StackConfig): StackServer {
  const paths = stackPaths(config, 'kafka');
  const libsDir = join(config.cacheDir, `kafka-${fileHash(POM)}`);
  const classpath = `${join(libsDir, 'libs')}/*`;
  const brokers = `127.0.0.1:${config.ports.kafka}`;

  function serverProperties(): string {
    return [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${config.ports.kafkaController}`,
      `listeners=PLAINTEXT://127.0.0.1:${config.ports.kafka},CONTROLLER://127.0.0.1:${config.ports.kafkaController}`,
      `advertised.listeners=PLAINTEXT://${brokers}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${paths.data}`,
      'num.partitions=3',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      // Up to 8 MiB per message so oversized records reach the sink and are dead-lettered there.
      'message.max.bytes=8388608',
      'replica.fetch.max.bytes=8388608',
      '',
    ].join('\n');
  }

  return {
    name: 'kafka',
    ports: {
      TRIBUTARY_KAFKA_PORT: config.ports.kafka,
      TRIBUTARY_KAFKA_CONTROLLER_PORT: config.ports.kafkaController,
    },
    async install() {
      if (isCached(libsDir)) return 'present';
      await cachedDirectory(libsDir, async (temp) => {
        await run(
          'mvn',
          [
            '-q',
            '-B',
            '-f',
            POM,
            'dependency:copy-dependencies',
            '-DincludeScope=runtime',
            `-DoutputDirectory=${join(temp, 'libs')}`,
          ],
          { cwd: KAFKA_DEPLOY_DIR },
        );
      });
      return 'installed';
    },
    async prepare(): Promise<LaunchSpec> {
      mkdirSync(paths.conf, { recursive: true });
      const propertiesFile = join(paths.conf, 'server.properties');
      writeFileSync(propertiesFile, serverProperties());
      const formatted =
        existsSync(paths.data) && readdirSync(paths.data).includes('meta.properties');
      if (!formatted) {
        mkdirSync(paths.data, { recursive: true });
        const clusterId = (
          await run('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])
        )
          .trim()
          .split('\n')
          .pop();
        if (!clusterId) throw new Error('kafka StorageTool printed no cluster id');
        await run('java', [
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          propertiesFile,
        ]);
      }
      return {
        command: 'java',
        args: [
          '-Xms256m',
          '-Xmx1g',
          '-XX:+UseG1GC',
          '-Djava.awt.headless=true',
          `-Dlog4j2.configurationFile=${join(KAFKA_DEPLOY_DIR, 'log4j2.properties')}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          propertiesFile,
        ],
        cwd: paths.conf,
        env: {},
      };
    },
    async isReady() {
      const admin = new Kafka({
        clientId: 'tributary-stack',
        brokers: [brokers],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1_000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } finally {
        await admin.disconnect();
      }
    },
    endpoints: () => ({ TRIBUTARY_KAFKA_BROKERS: brokers }),
    describe: () => `Kafka       ${brokers} (KRaft, data ${paths.data})`,
  };
}
