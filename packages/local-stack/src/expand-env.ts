/** Expands `${NAME:-default}` in an apps.json value: the caller's variable when set, else the default. */
export function expandEnvValue(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_, name: string, fallback: string) => {
    const given = env[name];
    return given !== undefined && given !== '' ? given : fallback;
  });
}
