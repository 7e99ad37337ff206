import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';

/** Every object under `prefix`, with its size, across all listing pages. */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix = '',
): Promise<{ key: string; size: number }[]> {
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? [])
      if (object.Key) objects.push({ key: object.Key, size: object.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

export async function listKeys(s3: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  return (await listObjects(s3, bucket, prefix)).map((object) => object.key);
}

/**
 * Reads a topic's bronze folder the way an independent consumer would: copies it to a temp dir
 * (DuckDB's S3 extension cannot be installed offline) and queries it with DuckDB as one
 * Hive-partitioned dataset, columns matched by name so files of several schema versions read side
 * by side (a column a file lacks reads as null). `$data` in the SQL is the dataset.
 */
export async function queryBronze(
  s3: S3Client,
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
