import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { AppControl } from './app-control';
import { Readiness } from './readiness';
import { APP_CONFIG, LOGGER, METRICS_REGISTRY } from './tokens';

export interface RuntimeContext<Config> {
  config: Config;
  logger: Logger;
  registry: Registry;
}

/** The process-wide pieces every provider may inject: config, logger, metrics registry, readiness. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot<Config>(context: RuntimeContext<Config>): DynamicModule {
    return {
      module: RuntimeModule,
      providers: [
        { provide: APP_CONFIG, useValue: context.config },
        { provide: LOGGER, useValue: context.logger },
        { provide: METRICS_REGISTRY, useValue: context.registry },
        Readiness,
        AppControl,
      ],
      exports: [APP_CONFIG, LOGGER, METRICS_REGISTRY, Readiness, AppControl],
    };
  }
}
