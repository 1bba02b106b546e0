import {
  MAX_NAMESPACE_LENGTH,
  RESERVED_NAMESPACE_PREFIXES,
  RESERVED_NAMESPACES,
} from '../conventions';
import { namespaceFor } from '../config/namespaces';
import type { PlatformConfig } from '../config/types';
import type { Violation } from './violations';

/**
 * A service name becomes a repository, an entity, a Kubernetes Service and
 * part of namespaces. Services need an RFC 1035 label (a DNS-1123 label that
 * starts with a letter).
 */
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function isReserved(name: string): boolean {
  return (
    RESERVED_NAMESPACES.includes(name) ||
    RESERVED_NAMESPACE_PREFIXES.some(prefix => name.startsWith(prefix))
  );
}

/**
 * The longest service name whose namespace fits in every environment: 63
 * characters less the longest suffix an environment's naming rule adds.
 */
export function maxServiceNameLength(platform: PlatformConfig): number {
  const added = Math.max(
    0,
    ...platform.environments.map(
      environment => namespaceFor(environment, '').length,
    ),
  );
  return MAX_NAMESPACE_LENGTH - added;
}

/**
 * Checks a service name against every rule at once: an RFC 1035 label, not
 * reserved, and short enough that its namespace in every configured
 * environment (including ones added later) is at most 63 characters and not
 * reserved.
 */
export function validateServiceName(
  name: string,
  platform: PlatformConfig,
  field = 'name',
): Violation[] {
  if (!name) {
    return [{ field, rule: 'required', message: 'is required' }];
  }
  const violations: Violation[] = [];
  if (!SERVICE_NAME.test(name)) {
    violations.push({
      field,
      rule: 'dns-label',
      message: `must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-' (got '${name}')`,
    });
  }
  if (isReserved(name)) {
    violations.push({
      field,
      rule: 'reserved',
      message: `'${name}' is reserved for Kubernetes itself (${[
        ...RESERVED_NAMESPACES,
        ...RESERVED_NAMESPACE_PREFIXES.map(prefix => `${prefix}*`),
      ].join(', ')})`,
    });
  }
  const namespaces = platform.environments.map(environment => ({
    environment: environment.name,
    namespace: namespaceFor(environment, name),
  }));
  const longest = namespaces.reduce<(typeof namespaces)[number] | undefined>(
    (found, next) =>
      !found || next.namespace.length > found.namespace.length ? next : found,
    undefined,
  );
  if (longest && longest.namespace.length > MAX_NAMESPACE_LENGTH) {
    violations.push({
      field,
      rule: 'max-length',
      message: `may have at most ${maxServiceNameLength(
        platform,
      )} characters, so that its namespace in every environment stays within ${MAX_NAMESPACE_LENGTH} ('${
        longest.namespace
      }' in ${longest.environment} has ${longest.namespace.length})`,
    });
  }
  for (const { environment, namespace } of namespaces) {
    if (namespace !== name && isReserved(namespace)) {
      violations.push({
        field,
        rule: 'reserved',
        message: `gives the reserved namespace '${namespace}' in ${environment}`,
      });
    }
  }
  return violations;
}
