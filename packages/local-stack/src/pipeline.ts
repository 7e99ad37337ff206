import { ConfigError } from '@tributary/runtime';
import { runPipeline } from './run/run-command';
import { StackError } from './stack-error';

/** Exit status of a refused run: EX_TEMPFAIL, try again once the other run has ended. */
const EXIT_RUN_ACTIVE = 75;

/** `./tributary run` (after setup): see run/run-command.ts. */
// Exits explicitly once the run has stopped its apps (and its servers): a client left connected
// somewhere must not keep a finished run alive.
runPipeline().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `tributary run: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(
      error instanceof ConfigError
        ? 78
        : error instanceof StackError && error.code === 'RUN_ACTIVE'
          ? EXIT_RUN_ACTIVE
          : 1,
    );
  },
);
