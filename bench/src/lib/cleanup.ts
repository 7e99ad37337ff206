import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Kafka } from 'kafkajs';

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
  for (;;) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
    const objects = (listed.Contents ?? []).map((object) => ({ Key: object.Key! }));
    if (objects.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
