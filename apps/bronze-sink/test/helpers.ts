import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  listKeys as listBucketKeys,
  queryBronze as queryBronzeDataset,
  stackEndpointsFromEnv,
  waitUntil,
} from '@tributary/local-stack';
import { highWatermarks, testKafka } from '@tributary/local-stack/testing';
import { createS3Client } from '@tributary/runtime/aws';

export { createTopics, highWatermarks, produce, uniqueName } from '@tributary/local-stack/testing';

export const endpoints = stackEndpointsFromEnv();
export const kafka = testKafka();
export const s3: S3Client = createS3Client(endpoints.s3);

export async function createBucket(name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
}

export function listKeys(bucket: string, prefix = ''): Promise<string[]> {
  return listBucketKeys(s3, bucket, prefix);
}

/** The topic's bronze dataset queried with DuckDB; `$data` in the SQL is the dataset. */
export function queryBronze(
  bucket: string,
  topic: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  return queryBronzeDataset(s3, bucket, topic, sql);
}

/** Offsets landed per partition according to the sink's checkpoints. */
export async function checkpointOffsets(
  bucket: string,
  prefix: string,
): Promise<Map<string, bigint>> {
  const result = new Map<string, bigint>();
  for (const key of await listKeys(bucket, `${prefix}/`)) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const checkpoint = JSON.parse(await response.Body!.transformToString()) as {
      topic: string;
      partition: number;
      nextOffset: string;
    };
    result.set(`${checkpoint.topic}:${checkpoint.partition}`, BigInt(checkpoint.nextOffset));
  }
  return result;
}

/** True once every partition's checkpoint has reached the end of the topic. */
export async function allLanded(
  bucket: string,
  checkpointPrefix: string,
  topics: string[],
): Promise<boolean> {
  const landed = await checkpointOffsets(bucket, checkpointPrefix);
  for (const topic of topics) {
    for (const [partition, high] of await highWatermarks(topic)) {
      if ((landed.get(partition) ?? 0n) < high) return false;
    }
  }
  return true;
}

/** Waits until the sink's checkpoints cover every offset of `topic`. */
export async function waitAllLanded(
  bucket: string,
  topic: string,
  timeoutMs = 180_000,
): Promise<void> {
  await waitUntil(
    'every record landed',
    () => allLanded(bucket, '_tributary/checkpoints', [topic]),
    {
      timeoutMs,
      intervalMs: 1_000,
    },
  );
}

/** Rows in bronze, distinct (partition, offset) pairs and distinct values of `idColumn`. */
export async function exactlyOnceSummary(
  bucket: string,
  topic: string,
  idColumn: string,
): Promise<Record<string, unknown>> {
  const [summary] = await queryBronze(
    bucket,
    topic,
    `SELECT count(*) AS n, count(DISTINCT (_kafka_partition, _kafka_offset)) AS d, count(DISTINCT ${idColumn}) AS ids FROM $data`,
  );
  return summary ?? {};
}

/** Offset ranges below each partition's high watermark that have no row in bronze, as `p<n>: a-b`. */
export async function missingOffsets(bucket: string, topic: string): Promise<string[]> {
  const rows = await queryBronze(
    bucket,
    topic,
    `SELECT _kafka_partition AS p, previous + 1 AS first, _kafka_offset - 1 AS last FROM (
       SELECT _kafka_partition, _kafka_offset,
              coalesce(lag(_kafka_offset) OVER (PARTITION BY _kafka_partition ORDER BY _kafka_offset), -1) AS previous
       FROM $data)
     WHERE _kafka_offset - previous > 1
     UNION ALL
     SELECT _kafka_partition, max(_kafka_offset) + 1, NULL FROM $data GROUP BY _kafka_partition
     ORDER BY p, first`,
  );
  const high = await highWatermarks(topic);
  return rows.flatMap(({ p, first, last }) => {
    const from = BigInt(first as bigint);
    const to =
      last === null || last === undefined
        ? (high.get(`${topic}:${String(p)}`) ?? 0n) - 1n
        : BigInt(last as bigint);
    return from <= to ? [`p${String(p)}: ${from}-${to}`] : [];
  });
}

/** The lines of sink logs that explain ownership and failures: warnings, errors, claims, revocations. */
export function ownershipLog(processes: { name: string; output: string[] }[]): string {
  return processes
    .flatMap((process, index) =>
      process.output
        .filter((line) =>
          /"level":"(warn|error|fatal)"|claimed|revoked|fenced|dead letters/.test(line),
        )
        .map((line) => `[${process.name} #${index}] ${line}`),
    )
    .slice(-1500)
    .join('\n');
}

/**
 * Fails unless bronze holds each of the `expected` records exactly once; the failure names the
 * missing offset ranges and quotes the sinks' ownership log, so a red run can be explained.
 */
export async function expectExactlyOnce(
  bucket: string,
  topic: string,
  idColumn: string,
  expected: number,
  sinks: { name: string; output: string[] }[],
): Promise<void> {
  const { n, d, ids } = await exactlyOnceSummary(bucket, topic, idColumn);
  const want = BigInt(expected);
  if (n === want && d === want && ids === want) return;
  const missing = await missingOffsets(bucket, topic);
  throw new Error(
    [
      `bronze of ${topic} holds ${String(n)} rows, ${String(d)} distinct offsets, ${String(ids)} distinct ${idColumn}; expected ${expected} of each`,
      `missing offsets: ${missing.join(', ') || 'none'}`,
      'sink log (claims, revocations, warnings, errors):',
      ownershipLog(sinks),
    ].join('\n'),
  );
}
