/** Injection tokens every app's providers may ask for (provided by `RuntimeModule`). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Client tokens: an app provides the ones it uses, with the factories in `./clients`. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const S3_CLIENT = Symbol('S3_CLIENT');
export const KINESIS_CLIENT = Symbol('KINESIS_CLIENT');
/** The bronze bucket name the S3 client works in. */
export const S3_BUCKET = Symbol('S3_BUCKET');
