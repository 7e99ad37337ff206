import { Injectable } from '@nestjs/common';

/**
 * How code below `main.ts` ends the process: it asks for a graceful shutdown with a failure code
 * instead of calling `process.exit`, so buffered work is still drained and tests can observe it.
 */
@Injectable()
export class AppControl {
  private onFail: (reason: string, error: unknown) => void = () => undefined;

  /** Set by the bootstrap: runs the shutdown steps, then exits non-zero. */
  bind(onFail: (reason: string, error: unknown) => void): void {
    this.onFail = onFail;
  }

  /** The app cannot go on (e.g. its consumer could not start): shut down and exit 1. */
  fail(reason: string, error: unknown): void {
    this.onFail(reason, error);
  }
}
