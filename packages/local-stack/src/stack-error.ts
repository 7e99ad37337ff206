/**
 * What the local-stack tooling refuses or fails at, by code, so the CLI can pick its exit status and
 * tests can assert the reason instead of a message. (Dev tooling only: the services' own codes are
 * `ERROR_CODES` in @tributary/runtime.)
 */
export const STACK_ERROR_CODES = {
  PORT_IN_USE: 'a port the stack or an app needs is taken by another process',
  PORTS_CHANGED: 'a running server was started with other ports than the ones asked for now',
  STACK_NOT_RUNNING: 'the command needs the local stack and it is not running',
  STACK_START_FAILED: 'a server of the stack did not start or did not answer in time',
  RUN_ACTIVE: 'another `./tributary run` is using this stack folder',
  APPS_FILE_INVALID: 'the apps file does not describe the apps to run',
  UNKNOWN_NAME: 'no app or server has that name',
  BAD_ARGUMENT: 'a command-line argument is missing or malformed',
  NOT_CONFIRMED: 'a destructive command was not confirmed',
  NOT_BUILT: 'the checkout is not built yet',
  UPSTREAM_UNREACHABLE: 'a service the command needs does not answer',
} as const;

export type StackErrorCode = keyof typeof STACK_ERROR_CODES;

export class StackError extends Error {
  constructor(
    readonly code: StackErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StackError';
  }
}
