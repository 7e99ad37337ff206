import { join } from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { KeywordMatcher, loadDefaultKeywordList } from '@tributary/keywords';
import { ReplayServer, type ReplayOptions } from '@tributary/github-replay';
import { ServiceProcess, stackEndpointsFromEnv, waitUntil } from '@tributary/local-stack';
import { stackServiceEnv, testKafka, type TopicMessage } from '@tributary/local-stack/testing';

export { readTopic, uniqueName, type TopicMessage } from '@tributary/local-stack/testing';
import { createKinesisClient } from '@tributary/runtime/aws';
import { ENVELOPE_HEADERS, type GithubEvent } from '@tributary/schemas';
import { readStreamData } from '../src/dedupe/recent-kinesis-source-ids';
import { EventFilter } from '../src/filter/event-filter';

export const endpoints = stackEndpointsFromEnv();
export const kafka = testKafka();
export const kinesis = createKinesisClient(endpoints.kinesis);
export const filter = new EventFilter(new KeywordMatcher(loadDefaultKeywordList()));

export function startReplay(overrides: Partial<ReplayOptions> = {}): Promise<ReplayServer> {
  return new ReplayServer({
    port: 0,
    seed: 5,
    eventsPerSecond: 0,
    initialEvents: 300,
    pollIntervalS: 1,
    rateLimit: 5_000,
    rateLimitWindowS: 3_600,
    archive: { eventsPerHour: 2_000, badLinesPerHour: 2 },
    ...overrides,
  }).listen();
}

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** The built github-events as its own process, pointed at the replay server and the local stack. */
export function githubEvents(
  replay: ReplayServer,
  env: Record<string, string>,
  args: string[] = [],
): ServiceProcess {
  return new ServiceProcess(
    'github-events',
    MAIN,
    {
      ...stackServiceEnv(),
      GITHUB_API_URL: replay.url,
      GHARCHIVE_URL: `${replay.url}/gharchive`,
      ...env,
    },
    undefined,
    args,
  );
}

/** Ids of the events among `events` that the shipped keyword list matches. */
export function matchedIds(events: Iterable<GithubEvent>): string[] {
  const ids: string[] = [];
  for (const event of events) if (filter.match(event)) ids.push(event.id);
  return ids;
}

export const sourceIdOf = (message: TopicMessage): string =>
  message.headers[ENVELOPE_HEADERS.sourceId] ?? '';

export async function createStream(name: string, shards: number): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntil(
    `stream ${name} active`,
    async () =>
      (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })))
        .StreamDescriptionSummary?.StreamStatus === 'ACTIVE',
    { timeoutMs: 30_000 },
  );
}

/** Every record's data in the stream, from all shards, from the start. */
export function readStream(name: string): Promise<Buffer[]> {
  return readStreamData(kinesis, name, 'start');
}
