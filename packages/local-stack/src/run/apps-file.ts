import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../config';
import { expandEnvValue } from '../expand-env';
import { StackError } from '../stack-error';
import { describeIssues } from '@tributary/schemas';

const AppSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Relative to the repository root (or absolute). */
  cwd: z.string(),
  command: z.array(z.string()).min(1),
  /** Where the app serves /metrics and /health; absent for dev tools such as the replay server. */
  opsPort: z.number().int().min(1).max(65535).optional(),
  /** Values may say `${NAME:-default}`: the caller's variable if set, else the default. */
  env: z.record(z.string(), z.string()).default({}),
  /** Skip the app when this variable is set (the replay GitHub when a live one is configured). */
  skipIfSet: z.string().optional(),
});

const AppsFileSchema = z.object({ apps: z.array(AppSchema) });

export type AppSpec = z.infer<typeof AppSchema>;

/** The apps registered in `file` (deploy/local/apps.json unless TRIBUTARY_APPS_FILE says otherwise). */
export function loadApps(file: string): AppSpec[] {
  if (!existsSync(file)) throw new StackError('APPS_FILE_INVALID', `no apps file at ${file}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StackError('APPS_FILE_INVALID', `${file} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = AppsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new StackError('APPS_FILE_INVALID', `${file}: ${describeIssues(parsed.error)}`);
  }
  const names = parsed.data.apps.map((app) => app.name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length > 0) {
    throw new StackError('APPS_FILE_INVALID', `${file}: ${twice.join(', ')} listed twice`);
  }
  return parsed.data.apps;
}

/** The apps a run starts: all but those whose `skipIfSet` variable is set. */
export function selectApps(apps: readonly AppSpec[], env: NodeJS.ProcessEnv): AppSpec[] {
  return apps.filter((app) => !app.skipIfSet || !env[app.skipIfSet]);
}

export function appCwd(app: AppSpec): string {
  return resolve(REPO_ROOT, app.cwd);
}

/**
 * An app's environment: the caller's, then the stack's endpoints (so it talks to this stack), then
 * the app's own settings from the apps file, then its ops port.
 */
export function appEnv(
  app: AppSpec,
  stackEnv: Record<string, string>,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  return {
    ...env,
    ...stackEnv,
    ...Object.fromEntries(
      Object.entries(app.env).map(([name, value]) => [name, expandEnvValue(value, env)]),
    ),
    ...(app.opsPort ? { OPS_PORT: String(app.opsPort) } : {}),
  };
}
