export { AppControl } from './app-control';
export {
  EXIT_USAGE,
  parseCommandLine,
  runCommandLine,
  UsageError,
  type CommandLineApp,
} from './command-line';
export { KafkaReadiness, kafkaProviders, S3Readiness, s3Providers } from './clients';
export { Readiness } from './readiness';
export {
  EXIT_CONFIG,
  runApp,
  type AppBaseConfig,
  type AppDefinition,
  type RunOptions,
} from './run-app';
export { RuntimeModule, type RuntimeContext } from './runtime.module';
export * from './tokens';
