import { TributaryError } from '@tributary/runtime';
import type { UpstreamFailure } from './upstream-failure';

const minutes = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
};

/**
 * Whether GitHub has been answering: every answer (data, 304, even a rate limit) resets it; failures
 * in a row are timed from the first. Readiness (the "github" check) fails once they have lasted
 * longer than `notReadyAfterMs` (decision 0041), saying what fails and since when.
 */
export class UpstreamHealth {
  private failingSince: number | undefined;
  private lastFailure: UpstreamFailure | undefined;
  private lastAnswerAt: number | undefined;

  constructor(
    private readonly notReadyAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  answered(): void {
    this.failingSince = undefined;
    this.lastFailure = undefined;
    this.lastAnswerAt = this.now();
  }

  failed(failure: UpstreamFailure): void {
    this.failingSince ??= this.now();
    this.lastFailure = failure;
  }

  /** How long the current streak of failures has lasted (0 when GitHub answers). */
  failingForMs(): number {
    return this.failingSince === undefined ? 0 : this.now() - this.failingSince;
  }

  /** The readiness check: resolves true, or throws saying what has failed for how long. */
  check(): Promise<boolean> {
    const failingFor = this.failingForMs();
    if (this.failingSince === undefined || failingFor <= this.notReadyAfterMs)
      return Promise.resolve(true);
    const last =
      this.lastAnswerAt === undefined
        ? 'no answer since start'
        : `last answer ${minutes(this.now() - this.lastAnswerAt)} ago`;
    return Promise.reject(
      new TributaryError(
        'PAGE_FETCH_FAILED',
        `GET /events has failed for ${minutes(failingFor)} (${last}): ${this.lastFailure?.detail ?? 'unknown'}`,
        { retriable: true },
      ),
    );
  }
}
