/** The AWS SDK's credential variables, printed or kept together: half a pair is worse than none. */
const AWS_CREDENTIALS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
/** What makes the AWS SDK use some other identity; exported keys would silently take precedence. */
const CALLER_IDENTITY = [...AWS_CREDENTIALS, 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

export interface EnvExports {
  /** `export NAME='value'` lines for `eval`. */
  lines: string[];
  /** The stack's AWS variables not printed, because the caller has an AWS identity or region of its own. */
  kept: string[];
}

/**
 * The stack's endpoint variables as shell exports. `TRIBUTARY_*` are always printed; the AWS SDK's
 * credential pair only when the caller has no AWS identity of its own (keys, session token or
 * profile) other than the stack's, and `AWS_REGION` only when the caller has none or the same,
 * unless `replaceAws`: an `eval` must not silently swap someone's AWS account for MinIO (decision 0043).
 */
export function envExports(
  stackEnv: Record<string, string>,
  callerEnv: NodeJS.ProcessEnv,
  replaceAws: boolean,
): EnvExports {
  const has = (name: string) => callerEnv[name] !== undefined && callerEnv[name] !== '';
  const foreignIdentity = CALLER_IDENTITY.some(
    (name) => has(name) && callerEnv[name] !== stackEnv[name],
  );
  const keep = (name: string) =>
    !replaceAws &&
    (AWS_CREDENTIALS.includes(name)
      ? foreignIdentity
      : name.startsWith('AWS_') && has(name) && callerEnv[name] !== stackEnv[name]);
  const lines: string[] = [];
  const kept: string[] = [];
  for (const [name, value] of Object.entries(stackEnv)) {
    if (keep(name)) kept.push(name);
    else lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return { lines, kept };
}
