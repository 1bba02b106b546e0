/** A `${NAME}` or `$env: NAME` reference in a config file whose variable is not set. */
export interface UnsetEnvironmentVariable {
  /** The environment variable's name. */
  name: string;
  /** The config key that reads it, e.g. `backend.database.connection.host`. */
  key: string;
}

// `${NAME}` without a `:-fallback`; `$${NAME}` is an escaped literal.
const REFERENCE = /(?<!\$)\$\{\s*([^{}:\s]+)\s*\}/g;

/**
 * Lists the environment variables that a parsed config file refers to
 * without a fallback and that are unset or empty in `env`.
 *
 * The config loader silently drops a key whose variable is unset, so a
 * production config missing `POSTGRES_HOST` would quietly connect to
 * localhost instead of failing.
 */
export function findUnsetEnvironmentVariables(
  config: unknown,
  env: Record<string, string | undefined>,
): UnsetEnvironmentVariable[] {
  const unset: UnsetEnvironmentVariable[] = [];
  const isUnset = (name: string) => !env[name]?.trim();

  // `key` is the path so far, e.g. `integrations.github[0].token`.
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(REFERENCE)) {
        if (isUnset(match[1])) {
          unset.push({ name: match[1], key });
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${key}[${index}]`));
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      const envDirective = (value as Record<string, unknown>).$env;
      if (typeof envDirective === 'string' && entries.length === 1) {
        if (isUnset(envDirective)) {
          unset.push({ name: envDirective, key });
        }
        return;
      }
      for (const [name, child] of entries) {
        visit(child, key ? `${key}.${name}` : name);
      }
    }
  };

  visit(config, '');
  return unset;
}
