import {
  formatQuantity,
  parseQuantity,
  type PlatformTier,
} from '@internal/plugin-platform-common';

/** `1`, `500m`: CPU as Kubernetes prints it. */
function cpu(value: string): string {
  const quantity = parseQuantity(value);
  return quantity ? formatQuantity(quantity) : value;
}

/** `128Mi` as `128 MiB`, `2G` as `2 GB`: bytes in words people read. */
function memory(value: string): string {
  const quantity = parseQuantity(value);
  const canonical = quantity ? formatQuantity(quantity) : value;
  const match = /^([0-9.]+)([KMGTPE]i?|k)$/.exec(canonical);
  if (!match) {
    return `${canonical} bytes`;
  }
  return `${match[1]} ${match[2]}B`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * A tier's quota and container defaults in words, e.g. "Namespace quota:
 * 1 CPU / 1 GiB requested, 2 CPU / 2 GiB limit, 10 pods; each container 100m
 * CPU / 128 MiB requested, 500m / 256 MiB limit".
 */
export function describeQuota(tier: PlatformTier): string {
  const { quota, limits } = tier;
  const storage = quota.storage ? `, ${memory(quota.storage)} of volumes` : '';
  return (
    `Namespace quota: ${cpu(quota.requests.cpu)} CPU / ${memory(
      quota.requests.memory,
    )} requested, ${cpu(quota.limits.cpu)} CPU / ${memory(
      quota.limits.memory,
    )} limit, ${plural(quota.pods, 'pod')}${storage}; ` +
    `each container ${cpu(limits.defaultRequest.cpu)} CPU / ${memory(
      limits.defaultRequest.memory,
    )} requested, ${cpu(limits.default.cpu)} / ${memory(
      limits.default.memory,
    )} limit`
  );
}

/** A GPU tier's accelerators in words; undefined for other tiers. */
export function describeGpu(tier: PlatformTier): string | undefined {
  const { gpu } = tier;
  if (!gpu) {
    return undefined;
  }
  return `GPUs: ${gpu.perContainer} per container, ${gpu.quota} per namespace (${gpu.resource})`;
}
