import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { KeywordMatcher, loadDefaultKeywordList, loadKeywordListFile } from '@tributary/keywords';
import { TributaryError, type Logger } from '@tributary/runtime';
import { createKinesisClient } from '@tributary/runtime/aws';
import { createKafkaClient, untilKafkaSettles } from '@tributary/runtime/kafka';
import { deadLetterTopic } from '@tributary/schemas';
import type { GithubEventsConfig } from './config/env';
import { readRecentKinesisSourceIds } from './dedupe/recent-kinesis-source-ids';
import { readRecentSourceIds } from './dedupe/recent-source-ids';
import { SeenWindow } from './dedupe/seen-window';
import { EventPipeline } from './event-pipeline';
import { EventFilter } from './filter/event-filter';
import { createGithubEventsMetrics, type GithubEventsMetrics } from './metrics';
import { DeadLetters } from './publish/dead-letters';
import { KafkaPublisher } from './publish/kafka-publisher';
import { KinesisPublisher } from './publish/kinesis-publisher';
import { PublishQueue } from './publish/publish-queue';
import type { RecordPublisher } from './publish/record-publisher';

/** Everything both commands (poll, backfill) share, connected and ready. */
export interface GithubEventsApp {
  pipeline: EventPipeline;
  queues: PublishQueue[];
  deadLetters: DeadLetters;
  seen: SeenWindow;
  metrics: GithubEventsMetrics;
  readinessChecks: { name: string; check: () => Promise<boolean> }[];
  /** Publishes what is buffered (bounded by `timeoutMs`) and disconnects. */
  close(timeoutMs: number): Promise<void>;
}

export function loadMatcher(config: GithubEventsConfig): KeywordMatcher {
  const list = config.keywordsFile
    ? loadKeywordListFile(config.keywordsFile)
    : loadDefaultKeywordList();
  return new KeywordMatcher(list);
}

async function ensureTopics(admin: Admin, topic: string, logger: Logger): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [topic, deadLetterTopic(topic)].filter((name) => !existing.has(name));
  if (missing.length === 0) return;
  // Partitions let several sink replicas share the topic; replication follows the broker default.
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((name) => ({ topic: name, numPartitions: name === topic ? 6 : 1 })),
  });
  logger.info({ topics: missing }, 'created missing topics');
}

async function checkStream(client: KinesisClient, stream: string): Promise<void> {
  try {
    await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
  } catch (error) {
    throw new TributaryError(
      'KINESIS_STREAM_UNAVAILABLE',
      `KINESIS_STREAM "${stream}" cannot be described: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

export async function startGithubEventsApp(
  config: GithubEventsConfig,
  logger: Logger,
  registry: Registry,
  source: 'api' | 'archive',
): Promise<GithubEventsApp> {
  const metrics = createGithubEventsMetrics(registry);
  const matcher = loadMatcher(config);
  logger.info(
    { keywordListVersion: matcher.version, keywords: matcher.keywordCount },
    'keyword list loaded',
  );
  const publishers: RecordPublisher[] = [];
  const readinessChecks: GithubEventsApp['readinessChecks'] = [];
  let kafka: Kafka | undefined;
  let admin: Admin | undefined;
  let dlqProducer: Producer | undefined;
  let kinesisClient: KinesisClient | undefined;

  if (config.targets.includes('kafka') && config.kafka) {
    kafka = createKafkaClient(config.kafka, logger);
    admin = kafka.admin();
    await admin.connect();
    const kafkaAdmin = admin;
    await untilKafkaSettles(() => ensureTopics(kafkaAdmin, config.topic, logger), logger);
    publishers.push(new KafkaPublisher(kafka, config.topic));
    dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await dlqProducer.connect();
    readinessChecks.push({
      name: 'kafka',
      check: async () => (await kafkaAdmin.describeCluster()).brokers.length > 0,
    });
  }
  if (config.targets.includes('kinesis') && config.kinesisStream) {
    const client = createKinesisClient(config.kinesis);
    kinesisClient = client;
    const stream = config.kinesisStream;
    await checkStream(client, stream);
    publishers.push(
      new KinesisPublisher(client, stream, {
        onEntriesFailed: (_count, codes) => {
          for (const code of codes) metrics.kinesisFailedEntries.inc({ code });
        },
      }),
    );
    readinessChecks.push({
      name: 'kinesis',
      check: async () => {
        await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }), {
          abortSignal: AbortSignal.timeout(1_500),
        });
        return true;
      },
    });
  }

  const seen = new SeenWindow(config.dedupeWindow);
  if (kafka) {
    const client = kafka;
    const ids = await untilKafkaSettles(
      () => readRecentSourceIds(client, config.topic, config.dedupeWindow),
      logger,
    );
    for (const id of ids) seen.add(id);
    logger.info({ ids: ids.length, topic: config.topic }, 'dedupe window rebuilt from the topic');
  } else if (kinesisClient && config.kinesisStream) {
    const ids = await readRecentKinesisSourceIds(
      kinesisClient,
      config.kinesisStream,
      config.dedupeKinesisLookbackMs,
      config.dedupeWindow,
    );
    for (const id of ids) seen.add(id);
    logger.info(
      { ids: ids.length, stream: config.kinesisStream },
      'dedupe window rebuilt from the stream',
    );
  }

  const queues: PublishQueue[] = [];
  for (const publisher of publishers) {
    await publisher.connect();
    const target = publisher.target;
    const queue: PublishQueue = new PublishQueue(publisher, {
      capacity: config.publishBufferRecords,
      lingerMs: 20,
      logger,
      onPublished: (records) => {
        metrics.published.inc({ target }, records.length);
        const now = Date.now();
        for (const record of records) {
          metrics.publishLatency.observe({ target }, (now - (record.enqueuedAt ?? now)) / 1000);
        }
        metrics.publishBuffered.set({ target }, queue.size);
      },
      onFailure: () => {
        metrics.publishFailures.inc({ target });
        metrics.publishBuffered.set({ target }, queue.size);
      },
    });
    queue.start();
    queues.push(queue);
  }

  const deadLetters = new DeadLetters(config.topic, dlqProducer, logger, (reason) =>
    metrics.deadLetters.inc({ reason }),
  );
  const pipeline = new EventPipeline({
    filter: new EventFilter(matcher),
    seen,
    queues,
    deadLetters,
    metrics,
    maxRecordBytes: config.maxRecordBytes,
    source,
  });

  return {
    pipeline,
    queues,
    deadLetters,
    seen,
    metrics,
    readinessChecks,
    async close(timeoutMs: number) {
      for (const queue of queues) {
        const left = await queue.stop(timeoutMs);
        if (left > 0) {
          logger.error(
            { target: queue.publisher.target, records: left },
            'records still unpublished at shutdown; the next start re-fetches those still in GitHub’s window',
          );
        }
        await queue.publisher.close();
      }
      await dlqProducer?.disconnect();
      await admin?.disconnect();
    },
  };
}
