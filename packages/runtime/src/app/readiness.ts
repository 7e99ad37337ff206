import { Injectable } from '@nestjs/common';
import type { ReadinessCheck } from '../ops-server';

/**
 * What `/health/ready` checks. Providers add their dependency checks when they are built (the Kafka
 * client adds "kafka", the S3 client "s3"); the ops server reads the list on every request.
 */
@Injectable()
export class Readiness {
  readonly checks: ReadinessCheck[] = [];

  add(name: string, check: () => Promise<boolean>): void {
    this.checks.push({ name, check });
  }
}
