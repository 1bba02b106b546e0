/**
 * A request path to match, without the query: a RegExp, an exact path, or a
 * prefix when the string ends with `*`.
 */
export type PathPattern = string | RegExp;

/** Whether `path` matches `pattern`, read as {@link PathPattern} says. */
export function matchesPath(pattern: PathPattern, path: string): boolean {
  if (pattern instanceof RegExp) {
    return pattern.test(path);
  }
  if (pattern.endsWith('*')) {
    return path.startsWith(pattern.slice(0, -1));
  }
  return path === pattern;
}
