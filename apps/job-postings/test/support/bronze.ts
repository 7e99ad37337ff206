import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { LAUNCH as SINK_LAUNCH } from '@tributary/bronze-sink/launch';
import { queryBronze, type ServiceProcess, stackEndpointsFromEnv } from '@tributary/local-stack';
import { appProcess } from '@tributary/local-stack/testing';
import { createS3Client } from '@tributary/runtime/aws';

export const s3: S3Client = createS3Client(stackEndpointsFromEnv().s3);

export async function createBucket(bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The built bronze sink as its own process, landing `topic` in `bucket` (files every 2 s). */
export function bronzeSink(topic: string, bucket: string, group: string): ServiceProcess {
  return appProcess(
    'bronze-sink',
    'apps/bronze-sink/dist/main.js',
    {
      SINK_TOPICS: topic,
      SINK_GROUP_ID: group,
      TRIBUTARY_S3_BUCKET: bucket,
      SINK_MAX_FILE_AGE_S: '2',
    },
    SINK_LAUNCH,
  );
}

/** A topic's bronze folder as one DuckDB dataset (`$data`), files of every schema version side by side. */
export function queryTopic(bucket: string, topic: string, sql: string) {
  return queryBronze(s3, bucket, topic, sql);
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
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(file) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
