import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { LAUNCH as SINK_LAUNCH } from '@tributary/bronze-sink/launch';
import { listKeys, REPO_ROOT, ServiceProcess, stackEndpointsFromEnv } from '@tributary/local-stack';
import { createS3Client } from '@tributary/runtime/aws';

export const endpoints = stackEndpointsFromEnv();
export const s3: S3Client = createS3Client(endpoints.s3);

export async function createBucket(bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The built bronze sink as its own process, landing `topic` in `bucket` (files every 2 s). */
export function bronzeSink(topic: string, bucket: string, group: string): ServiceProcess {
  return new ServiceProcess(
    'bronze-sink',
    join(REPO_ROOT, 'apps/bronze-sink/dist/main.js'),
    {
      ...SINK_LAUNCH.env,
      TRIBUTARY_KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      TRIBUTARY_S3_REGION: endpoints.s3.region,
      ...(endpoints.s3.endpoint ? { TRIBUTARY_S3_ENDPOINT: endpoints.s3.endpoint } : {}),
      AWS_ACCESS_KEY_ID: endpoints.s3.accessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: endpoints.s3.secretAccessKey ?? '',
      AWS_REGION: endpoints.s3.region,
      SINK_TOPICS: topic,
      SINK_GROUP_ID: group,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_AGE_S: '2',
      LOG_LEVEL: 'warn',
    },
    undefined,
    [],
    SINK_LAUNCH.nodeArgs,
  );
}

/**
 * Every Parquet file of a topic's bronze folder read as one dataset by DuckDB, the way a consumer
 * reading files written by several sink versions does: columns matched by name, a column a file
 * lacks read as null. `$data` in the SQL is the dataset.
 */
export async function queryBronzeByName(
  bucket: string,
  topic: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const keys = (await listKeys(s3, bucket, `${topic}/`)).filter((key) => key.endsWith('.parquet'));
  if (keys.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'bronze-'));
  try {
    for (const key of keys) {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const target = join(dir, key);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await response.Body!.transformToByteArray());
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const dataset = `read_parquet('${dir}/${topic}/**/*.parquet', hive_partitioning = true, union_by_name = true)`;
      const reader = await connection.runAndReadAll(sql.replaceAll('$data', dataset));
      return reader.getRowObjectsJS();
    } finally {
      connection.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes rows as a Parquet file with DuckDB (`select` gives the columns) and uploads it under `key`. */
export async function uploadParquet(bucket: string, key: string, select: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
  const file = join(dir, 'file.parquet');
  try {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
    } finally {
      connection.closeSync();
    }
    const { readFileSync } = await import('node:fs');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
