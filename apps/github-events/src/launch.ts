import type { AppLaunch } from '@tributary/runtime/launch';

/** github-events needs no special Node flags; the build writes dist/start.sh from this all the same. */
export const LAUNCH: AppLaunch = { nodeArgs: [], env: {} };
