import type { PlatformTier } from '../config/types';

/** The `spec.hard` of the ResourceQuota a tier gives a namespace. */
export function resourceQuotaHard(tier: PlatformTier): Record<string, string> {
  const { quota, gpu } = tier;
  return {
    'requests.cpu': quota.requests.cpu,
    'requests.memory': quota.requests.memory,
    'limits.cpu': quota.limits.cpu,
    'limits.memory': quota.limits.memory,
    pods: String(quota.pods),
    services: String(quota.services),
    persistentvolumeclaims: String(quota.persistentVolumeClaims),
    ...(quota.storage !== undefined && { 'requests.storage': quota.storage }),
    // Extended resources are quota'd by their request only.
    ...(gpu && { [`requests.${gpu.resource}`]: String(gpu.quota) }),
  };
}

/** The `spec.limits` of the LimitRange a tier gives a namespace. */
export function limitRangeLimits(
  tier: PlatformTier,
): Array<Record<string, unknown>> {
  const { limits } = tier;
  return [
    {
      type: 'Container',
      defaultRequest: { ...limits.defaultRequest },
      default: { ...limits.default },
      ...(limits.max && { max: { ...limits.max } }),
    },
  ];
}

/**
 * The `resources` of a service's container in a tier: the tier's default
 * request and limit, and its GPUs.
 */
export function containerResources(tier: PlatformTier): {
  requests: Record<string, string>;
  limits: Record<string, string>;
} {
  const gpu = tier.gpu
    ? { [tier.gpu.resource]: String(tier.gpu.perContainer) }
    : {};
  return {
    requests: { ...tier.limits.defaultRequest, ...gpu },
    limits: { ...tier.limits.default, ...gpu },
  };
}
