import { runApp } from '@tributary/runtime/app';
import { loadSinkConfig } from './config/env';
import { SinkModule } from './sink.module';

void runApp({
  name: 'bronze-sink',
  loadConfig: loadSinkConfig,
  rootModule: (config) => SinkModule.register(config),
});
