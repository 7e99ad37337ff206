export {
  ConfigError,
  describeError,
  ERROR_CODES,
  isRetriable,
  TributaryError,
  type ErrorCode,
} from './errors';
export { envFields, loadEnv, loadEnvOrExit } from './env';
export {
  listenHttp,
  type HttpHandler,
  type HttpServer,
  type HttpServerOptions,
} from './http-server';
export { createLogger, SECRET_KEYS, type Logger, type LoggerOptions } from './logger';
export { createMetricsRegistry } from './metrics';
export {
  startOpsServer,
  type OpsServer,
  type OpsServerOptions,
  type ReadinessCheck,
} from './ops-server';
export {
  backoffDelay,
  DEFAULT_BACKOFF,
  retry,
  type BackoffOptions,
  type RetryOptions,
} from './retry';
export { GracefulShutdown, type ShutdownOptions } from './shutdown';
export { classifyNetworkFailure, type FailureKind, type UpstreamFailure } from './network-failure';
