/** How the simulated cluster rolls workloads out; every field has a default. */
export interface RolloutOptions {
  /** How long a pod takes from scheduling to Ready, in ms. Default 2000. */
  podReadyDelayMs?: number;
  /**
   * Images that never pull: their containers wait in `ErrImagePull` then
   * `ImagePullBackOff`. Default {@link DEFAULT_FAILING_IMAGE_PATTERN}.
   */
  failingImagePattern?: RegExp;
  /**
   * Images that start and exit with code 1: their containers go to
   * `CrashLoopBackOff` with a growing restartCount. Default
   * {@link DEFAULT_CRASHING_IMAGE_PATTERN}.
   */
  crashingImagePattern?: RegExp;
  /** Multiplies `spec.progressDeadlineSeconds`, so tests can use short deadlines. Default 1. */
  progressDeadlineScale?: number;
  /** The time written into status fields and events. Default: the system clock. */
  clock?: () => Date;
}

/**
 * An image whose repository's last path segment, or whose tag, is
 * `does-not-exist` or `fail-pull`: `does-not-exist:1.0`,
 * `registry.example.com/team/fail-pull`, `nginx:fail-pull`.
 */
export const DEFAULT_FAILING_IMAGE_PATTERN =
  /(^|[/:])(does-not-exist|fail-pull)([:@]|$)/;

/**
 * An image whose repository's last path segment, or whose tag, is `crash` or
 * `crashloop`: `busybox:crash`, `example/crashloop:2`.
 */
export const DEFAULT_CRASHING_IMAGE_PATTERN =
  /(^|[/:])(crash|crashloop)([:@]|$)/;

export type ResolvedRolloutOptions = Required<RolloutOptions>;

export function resolveOptions(
  options: RolloutOptions = {},
): ResolvedRolloutOptions {
  return {
    podReadyDelayMs: options.podReadyDelayMs ?? 2000,
    failingImagePattern:
      options.failingImagePattern ?? DEFAULT_FAILING_IMAGE_PATTERN,
    crashingImagePattern:
      options.crashingImagePattern ?? DEFAULT_CRASHING_IMAGE_PATTERN,
    progressDeadlineScale: options.progressDeadlineScale ?? 1,
    clock: options.clock ?? (() => new Date()),
  };
}
