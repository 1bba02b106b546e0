import { notFound, validationFailed } from './errors';

/**
 * Checks an Actions secret or variable name as GitHub does and returns it
 * uppercased (names are case-insensitive and stored uppercased).
 */
export function actionsName(name: string, kind: 'secret' | 'variable'): string {
  let problem: string | undefined;
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    problem =
      'can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_). Spaces are not allowed';
  } else if (/^[0-9]/.test(name)) {
    problem = 'must not start with a number';
  } else if (/^GITHUB_/i.test(name)) {
    problem = 'must not start with the GITHUB_ prefix';
  }
  if (problem) {
    const resource = kind === 'secret' ? 'Secret' : 'Variable';
    throw validationFailed(
      { resource, code: 'invalid', field: 'name' },
      `Failed to create ${kind}: ${resource} names ${problem}.`,
    );
  }
  return name.toUpperCase();
}

/** The secret or variable a route names, whatever its case; 404 when there is none. */
export function findByName<T extends { name: string }>(
  entries: T[],
  name: string,
): T {
  const wanted = name.toUpperCase();
  const entry = entries.find(e => e.name === wanted);
  if (!entry) {
    throw notFound();
  }
  return entry;
}
