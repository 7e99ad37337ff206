import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { createS3Client, type S3Endpoint } from '../aws';
import { createKafkaClient, kafkaAnswers } from '../kafka';
import type { Logger } from '../logger';
import { Readiness } from './readiness';
import { APP_CONFIG, KAFKA_CLIENT, LOGGER, S3_BUCKET, S3_CLIENT } from './tokens';

const CHECK_TIMEOUT_MS = 1_500;

/** Adds "kafka" to readiness: the cluster answers a metadata request (one admin, connected on demand). */
@Injectable()
export class KafkaReadiness implements OnModuleInit, OnApplicationShutdown {
  private admin: Admin | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    this.readiness.add('kafka', async () => {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      return kafkaAnswers(this.admin);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}

/** Adds "s3" to readiness: the bucket answers HEAD; closes the client's sockets at shutdown. */
@Injectable()
export class S3Readiness implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    private readonly readiness: Readiness,
    @Inject(S3_BUCKET) private readonly bucket: string,
  ) {}

  onModuleInit(): void {
    this.readiness.add('s3', async () => {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      return true;
    });
  }

  onApplicationShutdown(): void {
    this.s3.destroy();
  }
}

/** The app's Kafka client (logging through its logger) and the "kafka" readiness check. */
export function kafkaProviders<Config>(
  select: (config: Config) => { brokers: string[]; clientId: string },
): Provider[] {
  return [
    {
      provide: KAFKA_CLIENT,
      inject: [APP_CONFIG, LOGGER],
      useFactory: (config: Config, logger: Logger) => createKafkaClient(select(config), logger),
    },
    KafkaReadiness,
  ];
}

/** The app's S3 client for its bronze bucket and the "s3" readiness check. */
export function s3Providers<Config>(
  select: (config: Config) => S3Endpoint & { bucket: string },
): Provider[] {
  return [
    {
      provide: S3_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: Config) => createS3Client(select(config)),
    },
    {
      provide: S3_BUCKET,
      inject: [APP_CONFIG],
      useFactory: (config: Config) => select(config).bucket,
    },
    S3Readiness,
  ];
}
