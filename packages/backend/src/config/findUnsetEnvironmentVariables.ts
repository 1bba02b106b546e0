/** A `${NAME}` or `$env: NAME` reference in a config file whose variable is not set. */
export interface UnsetEnvironmentVariable {
  /** The environment variable's name. */
  name: string;
  /** The config key that reads it, e.g. `backend.database.connection.host`. */
  key: string;
}

// `${NAME}` without a `:-fallback`; `$${NAME}` is an escaped literal.
const REFERENCE = /(?<!\$)\$\{\s*([^{}:\s]+)\s*\}/g;

/** Options for {@link findUnsetEnvironmentVariables}. */
export interface FindUnsetEnvironmentVariablesOptions {
  /**
   * The configs loaded after this one (later `--config` files, `APP_CONFIG_`
   * variables). A reference at a key that one of them replaces is never read,
   * so its variable need not be set.
   */
  overriddenBy?: unknown[];
}

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
  options: FindUnsetEnvironmentVariablesOptions = {},
): UnsetEnvironmentVariable[] {
  const unset: UnsetEnvironmentVariable[] = [];
  const isUnset = (name: string) => !env[name]?.trim();

  // `key` is the path so far, e.g. `integrations.github[0].token`; `later`
  // holds what the later configs have at that path.
  const visit = (value: unknown, key: string, later: unknown[]) => {
    const overriding = later.filter(other => other !== undefined);
    // The loader merges objects key by key; anything else (arrays included)
    // the last config that sets it replaces whole.
    if (
      overriding.some(other => !isPlainObject(other) || !isPlainObject(value))
    ) {
      return;
    }
    if (typeof value === 'string') {
      for (const match of value.matchAll(REFERENCE)) {
        if (isUnset(match[1])) {
          unset.push({ name: match[1], key });
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${key}[${index}]`, []));
    } else if (isPlainObject(value)) {
      const entries = Object.entries(value);
      const envDirective = value.$env;
      if (typeof envDirective === 'string' && entries.length === 1) {
        if (overriding.length === 0 && isUnset(envDirective)) {
          unset.push({ name: envDirective, key });
        }
        return;
      }
      for (const [name, child] of entries) {
        visit(
          child,
          key ? `${key}.${name}` : name,
          overriding.map(other => (other as Record<string, unknown>)[name]),
        );
      }
    }
  };

  visit(config, '', options.overriddenBy ?? []);
  return unset;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
