import type { Logger } from 'pino';

export interface ShutdownOptions {
  logger: Logger;
  /** After this, the process exits even if a step still runs (Kubernetes' grace period is 30 s). */
  timeoutMs?: number;
  /** Injected by tests; exits the process by default. */
  exit?: (code: number) => void;
}

type Step = { name: string; run: () => Promise<void> | void };

/**
 * Ordered, bounded shutdown. Steps run one at a time in reverse order of registration (the last
 * thing started stops first: stop consuming, then flush, then disconnect). A failing step is logged
 * and the rest still run; a second signal, or the timeout, exits at once with code 1.
 */
export class GracefulShutdown {
  private readonly steps: Step[] = [];
  private running: Promise<number> | undefined;
  private readonly timeoutMs: number;
  private readonly exit: (code: number) => void;

  constructor(private readonly options: ShutdownOptions) {
    this.timeoutMs = options.timeoutMs ?? 25_000;
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  register(name: string, run: Step['run']): void {
    this.steps.push({ name, run });
  }

  get isShuttingDown(): boolean {
    return this.running !== undefined;
  }

  /** Installs SIGTERM/SIGINT handlers that run the steps and then exit. */
  listen(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const signal of signals) {
      process.on(signal, () => {
        if (this.running) {
          this.options.logger.warn({ signal }, 'second signal during shutdown, exiting now');
          this.exit(1);
          return;
        }
        void this.stopAndExit(signal);
      });
    }
  }

  /** Runs the steps (once) and exits: with `code`, or 1 if a step failed or timed out. */
  async stopAndExit(reason: string, code = 0): Promise<void> {
    const stepsCode = await this.shutdown(reason);
    this.exit(Math.max(code, stepsCode));
  }

  /** Runs every step once; later calls return the same result. Resolves to the exit code. */
  shutdown(reason: string): Promise<number> {
    this.running ??= this.runSteps(reason);
    return this.running;
  }

  private async runSteps(reason: string): Promise<number> {
    const { logger } = this.options;
    logger.info({ reason }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        logger.error({ timeoutMs: this.timeoutMs }, 'shutdown timed out');
        resolve(1);
      }, this.timeoutMs);
      timer.unref();
    });
    const completed = (async () => {
      let failed = false;
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
          logger.debug({ step: step.name }, 'shutdown step done');
        } catch (error) {
          failed = true;
          logger.error({ step: step.name, err: error }, 'shutdown step failed');
        }
      }
      return failed ? 1 : 0;
    })();
    const code = await Promise.race([completed, timedOut]);
    clearTimeout(timer);
    logger.info({ code }, 'shutdown complete');
    return code;
  }
}
