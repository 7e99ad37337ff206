import { ConfigError } from '@tributary/runtime';
import { loadStackConfig } from './config';

describe('loadStackConfig', () => {
  it('uses ports that stay clear of the usual 9092/9000/4566/9090', () => {
    const config = loadStackConfig({
      TRIBUTARY_STACK_DIR: '/tmp/s',
      TRIBUTARY_CACHE_DIR: '/tmp/c',
    });
    expect(config.ports).toEqual({
      kafka: 19092,
      kafkaController: 19093,
      minio: 19000,
      minioConsole: 19001,
      kinesis: 14568,
      kinesisTls: 14567,
      prometheus: 19090,
    });
    expect(config.bucket).toBe('bronze');
  });

  it('names the variable holding a bad value', () => {
    expect(() => loadStackConfig({ TRIBUTARY_KAFKA_PORT: 'ninety' })).toThrow(ConfigError);
    expect(() => loadStackConfig({ TRIBUTARY_KAFKA_PORT: 'ninety' })).toThrow(
      /TRIBUTARY_KAFKA_PORT/,
    );
    expect(() => loadStackConfig({ TRIBUTARY_STACK_BUCKET: 'Not_A_Bucket' })).toThrow(
      /TRIBUTARY_STACK_BUCKET/,
    );
  });

  it('refuses two servers on one port', () => {
    expect(() => loadStackConfig({ TRIBUTARY_MINIO_PORT: '19092' })).toThrow(
      /kafka and minio are both 19092/,
    );
  });
});
