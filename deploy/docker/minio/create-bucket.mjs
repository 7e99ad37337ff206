// One-shot compose service: creates the bronze bucket in MinIO (or any S3 endpoint) and exits 0 once
// it exists. Plain Node (fetch + an AWS Signature V4 of its own), so it runs on the Node base image
// the apps build from and needs no extra client image.
// Environment: S3_ENDPOINT, S3_BUCKET, S3_REGION (us-east-1), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
import { createHash, createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const ATTEMPTS = 30;
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (!value) {
    process.stderr.write(`create-bucket: ${name} is required\n`);
    process.exit(78);
  }
  return value;
};
const endpoint = new URL(env('S3_ENDPOINT'));
const bucket = env('S3_BUCKET');
const region = env('S3_REGION', 'us-east-1');
const accessKey = env('AWS_ACCESS_KEY_ID');
const secretKey = env('AWS_SECRET_ACCESS_KEY');

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** Headers of an AWS Signature V4 request without a body (path-style, no query string). */
function signedHeaders(method, url, now = new Date()) {
  const amzDate = now
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256('');
  const headers = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers).join(';');
  const canonicalRequest = [
    method,
    url.pathname,
    '',
    ...Object.entries(headers).map(([name, value]) => `${name}:${value}`),
    '',
    names,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretKey}`, day);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${names}, Signature=${signature}`,
  };
}

async function request(method) {
  const url = new URL(`/${encodeURIComponent(bucket)}`, endpoint);
  const response = await fetch(url, {
    method,
    headers: signedHeaders(method, url),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.text() };
}

for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
  try {
    const created = await request('PUT');
    const exists = created.status === 200 || /BucketAlreadyOwnedByYou/.test(created.body);
    if (!exists && created.status < 500) {
      process.stderr.write(
        `create-bucket: PUT /${bucket} answered ${created.status}: ${created.body}\n`,
      );
      process.exit(1);
    }
    if (exists && (await request('HEAD')).status === 200) {
      process.stdout.write(`create-bucket: bucket ${bucket} is ready at ${endpoint.origin}\n`);
      process.exit(0);
    }
  } catch (error) {
    process.stderr.write(`create-bucket: attempt ${attempt}: ${error.message}\n`);
  }
  await sleep(2_000);
}
process.stderr.write(
  `create-bucket: ${endpoint.origin} did not create ${bucket} in ${ATTEMPTS} attempts\n`,
);
process.exit(1);
