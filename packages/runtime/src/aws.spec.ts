import { NoSuchKey, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { isConditionFailed, isNotFound, isTransientAwsError } from './aws';

const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('S3 answers, classified once for every caller', () => {
  it('a lost conditional write is 412, or 409 for a concurrent one, never another 4xx', () => {
    expect(isConditionFailed(s3Error('PreconditionFailed', 412))).toBe(true);
    expect(isConditionFailed(s3Error('ConditionalRequestConflict', 409))).toBe(true);
    expect(isConditionFailed(s3Error('AccessDenied', 403))).toBe(false);
    expect(isConditionFailed(new Error('PreconditionFailed'))).toBe(false);
  });

  it('a missing object is NoSuchKey, a bodiless 404, or NotFound', () => {
    expect(isNotFound(new NoSuchKey({ message: 'gone', $metadata: {} }))).toBe(true);
    expect(isNotFound(new NotFound({ message: 'gone', $metadata: {} }))).toBe(true);
    expect(isNotFound(s3Error('Unknown', 404))).toBe(true);
    expect(isNotFound(s3Error('AccessDenied', 403))).toBe(false);
  });

  it('retries throttling, 5xx and refused connections, not a 4xx', () => {
    expect(isTransientAwsError(s3Error('SlowDown', 503))).toBe(true);
    expect(isTransientAwsError(s3Error('AccessDenied', 403))).toBe(false);
    expect(isTransientAwsError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
  });
});
