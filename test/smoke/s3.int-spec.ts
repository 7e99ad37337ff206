import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { stackEndpointsFromEnv } from '@tributary/local-stack';
import { createS3Client } from '@tributary/runtime/aws';

const { s3: target } = stackEndpointsFromEnv();
const s3 = createS3Client(target);
const prefix = `smoke/${randomUUID()}/`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readObject(key: string): Promise<Uint8Array> {
  const response = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
  if (!response.Body) throw new Error(`no body for ${key}`);
  return response.Body.transformToByteArray();
}

describe('S3 (real MinIO)', () => {
  afterAll(async () => {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix }),
    );
    const objects = (listed.Contents ?? []).map((object) => ({ Key: object.Key }));
    if (objects.length > 0) {
      await s3.send(
        new DeleteObjectsCommand({ Bucket: target.bucket, Delete: { Objects: objects } }),
      );
    }
    s3.destroy();
  });

  it('puts, gets and lists objects under Hive-style keys', async () => {
    const keys = ['dt=2026-11-23/hr=04/a.json', 'dt=2026-11-23/hr=05/b.json'].map(
      (key) => prefix + key,
    );
    for (const key of keys) {
      await s3.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: JSON.stringify({ key }) }),
      );
    }
    expect(Buffer.from(await readObject(keys[0] ?? '')).toString()).toBe(
      JSON.stringify({ key: keys[0] }),
    );
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: target.bucket, Prefix: `${prefix}dt=2026-11-23/` }),
    );
    expect((listed.Contents ?? []).map((object) => object.Key).sort()).toEqual(keys);
  });

  it('assembles a multipart upload byte for byte', async () => {
    const body = randomBytes(11 * 1024 * 1024);
    const key = `${prefix}multipart.bin`;
    const upload = new Upload({
      client: s3,
      params: { Bucket: target.bucket, Key: key, Body: body },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (progress) => {
      if (progress.part !== undefined) parts.push(progress.part);
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-3"$/); // three parts: 5 + 5 + 1 MiB
    expect(new Set(parts)).toEqual(new Set([1, 2, 3]));
    expect(sha256(await readObject(key))).toBe(sha256(body));
  });

  it('rejects a second conditional write (If-None-Match: *) and keeps the first object', async () => {
    const key = `${prefix}checkpoint.json`;
    await s3.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }),
    );
    const second = s3.send(
      new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: 'second', IfNoneMatch: '*' }),
    );
    await expect(second).rejects.toBeInstanceOf(S3ServiceException);
    await second.catch((error: S3ServiceException) => {
      expect(error.$metadata.httpStatusCode).toBe(412);
    });
    expect(Buffer.from(await readObject(key)).toString()).toBe('first');
  });
});
