import { DeleteBucketCommand, DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Kafka } from 'kafkajs';
import { listKeys } from '@tributary/local-stack';

/**
 * Deletes what a benchmark run created: its topics and its bucket with every object in it. A 1M-record
 * run leaves gigabytes in Kafka's log and MinIO, and the local stack keeps its data between runs.
 */
export async function deleteRunData(
  kafka: Kafka,
  s3: S3Client,
  topics: string[],
  bucket: string,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
  const keys = await listKeys(s3, bucket);
  // DeleteObjects takes at most 1000 keys.
  for (let start = 0; start < keys.length; start += 1000) {
    const objects = keys.slice(start, start + 1000).map((key) => ({ Key: key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
