import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { retryS3 } from '../support/s3-retry';

const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Uploads one finished file: a single PUT, or multipart above the threshold; retries transient failures. */
export class FileUploader {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly multipartThresholdBytes: number,
  ) {}

  async upload(
    key: string,
    body: Uint8Array,
    options: { signal: AbortSignal; onRetry?: (error: unknown, attempt: number) => void },
  ): Promise<void> {
    await retryS3(async () => {
      if (body.length < this.multipartThresholdBytes) {
        await this.s3.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ContentType: PARQUET_CONTENT_TYPE,
          }),
          { abortSignal: options.signal },
        );
        return;
      }
      const upload = new Upload({
        client: this.s3,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: PARQUET_CONTENT_TYPE },
        partSize: Math.max(MIN_PART_BYTES, Math.ceil(body.length / 1000)),
        queueSize: 2,
        leavePartsOnError: false,
      });
      const abort = () => void upload.abort();
      options.signal.addEventListener('abort', abort, { once: true });
      try {
        await upload.done();
      } finally {
        options.signal.removeEventListener('abort', abort);
      }
    }, options);
  }
}
