import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '../bronze-query';

/** Where the sink keeps its own state in the bucket (checkpoints, watermarks): not a topic. */
const INTERNAL_PREFIX = '_tributary/';

export interface BronzeObject {
  key: string;
  size: number;
}

export interface MirrorResult {
  /** The topic's objects in the bucket now (Parquet files and `_SUCCESS` markers). */
  objects: BronzeObject[];
  downloaded: number;
  removed: number;
}

/** The topics that have a folder in the bucket. */
export function bronzeTopics(objects: readonly BronzeObject[]): string[] {
  const topics = new Set<string>();
  for (const { key } of objects) {
    if (key.startsWith(INTERNAL_PREFIX) || !key.includes('/')) continue;
    topics.add(key.slice(0, key.indexOf('/')));
  }
  return [...topics].sort();
}

function localFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => join(dir, path))
    .filter((path) => statSync(path).isFile());
}

/**
 * Keeps a local copy of one topic's bronze Parquet files under `root/<topic>/…` (DuckDB reads local
 * files; its S3 extension cannot be installed offline): downloads what is new or changed, deletes what
 * the bucket no longer has. Landed files never change, so a second peek downloads only new ones.
 */
export async function mirrorTopic(
  s3: S3Client,
  bucket: string,
  topic: string,
  root: string,
  listing?: readonly BronzeObject[],
): Promise<MirrorResult> {
  const objects = (listing ?? (await listObjects(s3, bucket, `${topic}/`))).filter((object) =>
    object.key.startsWith(`${topic}/`),
  );
  const wanted = new Map(
    objects
      .filter((object) => object.key.endsWith('.parquet'))
      .map((object) => [object.key, object]),
  );
  let downloaded = 0;
  for (const object of wanted.values()) {
    const target = join(root, object.key);
    if (existsSync(target) && statSync(target).size === object.size) continue;
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    if (!response.Body) throw new Error(`s3://${bucket}/${object.key} has no body`);
    mkdirSync(dirname(target), { recursive: true });
    // Renamed into place only when complete, so an interrupted peek never leaves half a file.
    writeFileSync(`${target}.part`, await response.Body.transformToByteArray());
    renameSync(`${target}.part`, target);
    downloaded += 1;
  }
  let removed = 0;
  for (const path of localFiles(join(root, topic))) {
    const key = relative(root, path).split(sep).join('/');
    if (!wanted.has(key)) {
      rmSync(path, { force: true });
      removed += 1;
    }
  }
  return { objects, downloaded, removed };
}
