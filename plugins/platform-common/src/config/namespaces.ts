import type { PlatformEnvironment } from './types';

/** The namespace naming rule of an environment that sets none. */
export const DEFAULT_NAMESPACE_PATTERN = '{service}-{environment}';

/**
 * The namespace of a service in an environment, by the environment's naming
 * rule (`{service}-{environment}` unless configured otherwise).
 */
export function namespaceFor(
  environment: Pick<PlatformEnvironment, 'name' | 'namespace'>,
  service: string,
): string {
  return environment.namespace
    .replace(/\{service\}/g, service)
    .replace(/\{environment\}/g, environment.name);
}
