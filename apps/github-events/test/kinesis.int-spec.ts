import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplayServer } from '@tributary/github-replay';
import { waitUntil } from '@tributary/local-stack';
import { KeywordMatch } from '@tributary/schemas';
import {
  createStream,
  endpoints,
  githubEvents,
  matchedIds,
  readStream,
  readTopic,
  sourceIdOf,
  startReplay,
  uniqueName,
} from './helpers';

interface PutRecordsBody {
  StreamName: string;
  Records: { Data: string; PartitionKey: string }[];
}

/**
 * A loopback proxy in front of kinesis-local that makes the first `failingCalls` PutRecords calls
 * partially fail the way Kinesis does under shard throttling: every third entry is not forwarded
 * and is answered with ProvisionedThroughputExceededException; the rest really land.
 */
async function throttlingProxy(target: string, failingCalls: number) {
  const upstream = new URL(target);
  const counts = { putRecordsCalls: 0, failedEntries: 0 };
  const forward = (
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const outgoing = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path,
            method: 'POST',
            headers: { ...headers, host: upstream.host, 'content-length': String(body.length) },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 500,
                headers: Object.fromEntries(
                  Object.entries(response.headers).map(([k, v]) => [k, String(v)]),
                ),
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      },
    );
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        let body = Buffer.concat(chunks);
        const isPut = incoming.headers['x-amz-target'] === 'Kinesis_20131202.PutRecords';
        const failing = isPut && counts.putRecordsCalls < failingCalls;
        if (isPut) counts.putRecordsCalls += 1;
        let request: PutRecordsBody | undefined;
        if (failing) {
          request = JSON.parse(body.toString('utf8')) as PutRecordsBody;
          body = Buffer.from(
            JSON.stringify({
              ...request,
              Records: request.Records.filter((_, index) => index % 3 !== 0),
            }),
          );
        }
        const response = await forward(incoming.url ?? '/', incoming.headers, body);
        let responseBody = response.body;
        if (failing && request && response.status === 200) {
          const landed = (
            JSON.parse(response.body.toString('utf8')) as { Records: Record<string, unknown>[] }
          ).Records;
          let next = 0;
          const results = request.Records.map((_, index) =>
            index % 3 === 0
              ? {
                  ErrorCode: 'ProvisionedThroughputExceededException',
                  ErrorMessage: 'Rate exceeded for shard shardId-000000000000',
                }
              : landed[next++],
          );
          const failed = results.filter((result) => result?.ErrorCode).length;
          counts.failedEntries += failed;
          responseBody = Buffer.from(
            JSON.stringify({ FailedRecordCount: failed, Records: results }),
          );
        }
        outgoing.writeHead(response.status, {
          'content-type': response.headers['content-type'] ?? 'application/x-amz-json-1.1',
        });
        outgoing.end(responseBody);
      })().catch((error: unknown) => outgoing.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('github-events publishing to Kafka and Kinesis', () => {
  let replay: ReplayServer;
  afterEach(() => replay.close());

  it('lands every matched event once in both, resending only the entries Kinesis failed', async () => {
    replay = await startReplay({ pollIntervalS: 1 });
    const topic = `${uniqueName()}.github.events.matched`;
    const stream = uniqueName('events');
    await createStream(stream, 2);
    const proxy = await throttlingProxy(endpoints.kinesis.endpoint ?? '', 2);
    const app = githubEvents(replay, {
      OUTPUT_TOPIC: topic,
      PUBLISH_TARGETS: 'kafka,kinesis',
      KINESIS_STREAM: stream,
      TRIBUTARY_KINESIS_ENDPOINT: proxy.url,
    });
    app.start();
    try {
      await app.ready();
      // The first poll must have read the whole initial window (its pages too), not just page 1.
      await app.metricReaches(
        'tributary_github_events_seen_total',
        replay.timeline.count(),
        30_000,
      );
      replay.timeline.advance(100);
      const expected = matchedIds(
        Array.from({ length: replay.timeline.count() }, (_, index) => replay.timeline.event(index)),
      );
      await app.metricReaches(
        'tributary_github_events_published_total',
        expected.length,
        60_000,
        'target="kinesis"',
      );
      await app.metricReaches(
        'tributary_github_events_published_total',
        expected.length,
        60_000,
        'target="kafka"',
      );
      expect(await app.metric('tributary_github_kinesis_failed_entries_total')).toBe(
        proxy.counts.failedEntries,
      );
      expect(proxy.counts.failedEntries).toBeGreaterThan(0);
      expect(await app.stop('SIGTERM')).toBe(0);

      const kinesisRecords = (await readStream(stream)).map(
        (data) =>
          JSON.parse(data.toString('utf8')) as {
            envelope: Record<string, string>;
            record: unknown;
          },
      );
      const kinesisIds = kinesisRecords.map((entry) => KeywordMatch.parse(entry.record).event.id);
      expect(new Set(kinesisIds).size).toBe(kinesisIds.length);
      expect([...kinesisIds].sort()).toEqual([...expected].sort());
      expect(kinesisRecords[0]?.envelope['tributary-schema']).toBe('github.keyword_match');

      await waitUntil(
        'Kafka has every record',
        async () => (await readTopic(topic)).length >= expected.length,
        {
          timeoutMs: 30_000,
        },
      );
      const kafkaIds = (await readTopic(topic)).map(sourceIdOf);
      expect([...kafkaIds].sort()).toEqual([...expected].sort());
    } finally {
      await app.stop('SIGKILL');
      await proxy.close();
    }
  });

  it('Kinesis only: a restart after kill -9 rebuilds the dedupe window from the stream, no duplicates', async () => {
    replay = await startReplay({ pollIntervalS: 1, seed: 9 });
    const stream = uniqueName('events');
    await createStream(stream, 2);
    const env = { PUBLISH_TARGETS: 'kinesis', KINESIS_STREAM: stream };
    const expectedFor = () =>
      matchedIds(
        Array.from({ length: replay.timeline.count() }, (_, index) => replay.timeline.event(index)),
      );
    const first = githubEvents(replay, env);
    first.start();
    try {
      await first.ready();
      await first.metricReaches('tributary_github_events_published_total', expectedFor().length);
      await first.stop('SIGKILL');
      replay.timeline.advance(50);
      const second = githubEvents(replay, env);
      second.start();
      try {
        await second.ready();
        const expected = expectedFor();
        await waitUntil(
          'the stream holds every matched event',
          async () => (await readStream(stream)).length >= expected.length,
          { timeoutMs: 60_000, intervalMs: 1_000 },
        );
        // The restart's catch-up re-read the whole window; nothing already on the stream went again.
        expect(await second.metric('tributary_github_events_duplicate_total')).toBeGreaterThan(0);
        expect(await second.stop('SIGTERM')).toBe(0);
        const ids = (await readStream(stream)).map(
          (data) =>
            (JSON.parse(data.toString('utf8')) as { envelope: Record<string, string> }).envelope[
              'tributary-source-id'
            ] ?? '',
        );
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual([...expected].sort());
      } finally {
        await second.stop('SIGKILL');
      }
    } finally {
      await first.stop('SIGKILL');
    }
  });
});
