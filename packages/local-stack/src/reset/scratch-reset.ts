import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DeleteStreamCommand, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from '@tributary/runtime/aws';
import type { StackConfig } from '../config';
import { listKeys } from '../bronze-query';
import { isScratchName } from '../peek/scratch-names';
import { withKafkaAdmin, type StackClients } from '../stack-clients';

/** What tests and one-off runs left in a running stack (named as `uniqueName()` names things). */
export interface ScratchPlan {
  topics: string[];
  groups: string[];
  buckets: string[];
  streams: string[];
}

export const planIsEmpty = (plan: ScratchPlan) =>
  plan.topics.length + plan.groups.length + plan.buckets.length + plan.streams.length === 0;

function kinesisOf(clients: StackClients) {
  return createKinesisClient({
    ...(clients.env.TRIBUTARY_KINESIS_ENDPOINT
      ? { endpoint: clients.env.TRIBUTARY_KINESIS_ENDPOINT }
      : {}),
    region: clients.env.TRIBUTARY_S3_REGION ?? 'us-east-1',
    ...(clients.env.AWS_ACCESS_KEY_ID ? { accessKeyId: clients.env.AWS_ACCESS_KEY_ID } : {}),
    ...(clients.env.AWS_SECRET_ACCESS_KEY
      ? { secretAccessKey: clients.env.AWS_SECRET_ACCESS_KEY }
      : {}),
  });
}

export async function planScratchReset(clients: StackClients): Promise<ScratchPlan> {
  const { topics, groups } = await withKafkaAdmin(clients, async (admin) => ({
    topics: (await admin.listTopics()).filter(isScratchName).sort(),
    groups: (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter(isScratchName)
      .sort(),
  }));
  const buckets = ((await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [])
    .flatMap((bucket) => (bucket.Name ? [bucket.Name] : []))
    .filter((name) => name !== clients.bucket && isScratchName(name))
    .sort();
  let streams: string[] = [];
  if (clients.env.TRIBUTARY_KINESIS_ENDPOINT) {
    const kinesis = kinesisOf(clients);
    try {
      streams = ((await kinesis.send(new ListStreamsCommand({}))).StreamNames ?? [])
        .filter(isScratchName)
        .sort();
    } catch {
      // kinesis-local not running: nothing to remove there.
    } finally {
      kinesis.destroy();
    }
  }
  return { topics, groups, buckets, streams };
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  const keys = await listKeys(s3, bucket);
  for (let start = 0; start < keys.length; start += 1_000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(start, start + 1_000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Removes what the plan lists; returns a line per thing that could not be removed. */
export async function applyScratchReset(
  config: StackConfig,
  clients: StackClients,
  plan: ScratchPlan,
): Promise<string[]> {
  const problems: string[] = [];
  await withKafkaAdmin(clients, async (admin) => {
    if (plan.groups.length > 0) {
      // A group with live members cannot be deleted; say which, delete the rest.
      await admin
        .deleteGroups(plan.groups)
        .catch((error: { groups?: { groupId: string; error?: { message: string } }[] }) => {
          for (const group of error.groups ?? []) {
            if (group.error) problems.push(`group ${group.groupId}: ${group.error.message}`);
          }
        });
    }
    if (plan.topics.length > 0) await admin.deleteTopics({ topics: plan.topics, timeout: 30_000 });
  });
  for (const bucket of plan.buckets) {
    await emptyAndDeleteBucket(clients.s3, bucket).catch((error: Error) =>
      problems.push(`bucket ${bucket}: ${error.message}`),
    );
    rmSync(join(config.stackDir, 'peek', bucket), { recursive: true, force: true });
  }
  if (plan.streams.length > 0) {
    const kinesis = kinesisOf(clients);
    try {
      for (const stream of plan.streams) {
        await kinesis
          .send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: true }))
          .catch((error: Error) => problems.push(`stream ${stream}: ${error.message}`));
      }
    } finally {
      kinesis.destroy();
    }
  }
  return problems;
}
