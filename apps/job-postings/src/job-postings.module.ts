import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@tributary/runtime/app';
import { CollectCommandModule } from './collect/collect-command.module';
import type { JobPostingsConfig } from './config/env';
import { createJobPostingsMetrics, JOBS_METRICS } from './metrics';
import { PipelineModule } from './pipeline.module';
import { ServeModule } from './serve/serve.module';

export type JobPostingsCommand = 'serve' | 'collect';

/**
 * The root of job-postings: its metrics (global), the pipeline every command shares, and either
 * the scheduled service or the one-off collection.
 */
@Module({})
export class JobPostingsModule {
  static register(config: JobPostingsConfig, command: JobPostingsCommand): DynamicModule {
    const pipeline = PipelineModule.register(config);
    return {
      module: JobPostingsModule,
      global: true,
      imports: [
        command === 'serve'
          ? ServeModule.register(config, pipeline)
          : CollectCommandModule.register(config, pipeline),
      ],
      providers: [
        {
          provide: JOBS_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => createJobPostingsMetrics(registry),
        },
      ],
      exports: [JOBS_METRICS],
    };
  }
}
