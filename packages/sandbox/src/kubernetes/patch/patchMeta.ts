/**
 * Which lists merge by key in a strategic merge patch, as the Go types'
 * `patchStrategy`/`patchMergeKey` tags say; every other list is replaced.
 * Paths leave out list indices; `**` matches any prefix.
 */
interface ListStrategy {
  path: string;
  /** Items merge by this field; primitive lists merge as sets when absent. */
  mergeKey?: string;
  /** Only for these kinds. */
  kinds?: string[];
}

const LIST_STRATEGIES: ListStrategy[] = [
  { path: '**/containers', mergeKey: 'name' },
  { path: '**/initContainers', mergeKey: 'name' },
  { path: '**/ephemeralContainers', mergeKey: 'name' },
  { path: '**/containers/ports', mergeKey: 'containerPort' },
  { path: '**/initContainers/ports', mergeKey: 'containerPort' },
  { path: '**/containers/env', mergeKey: 'name' },
  { path: '**/initContainers/env', mergeKey: 'name' },
  { path: '**/containers/volumeMounts', mergeKey: 'mountPath' },
  { path: '**/initContainers/volumeMounts', mergeKey: 'mountPath' },
  { path: '**/containers/volumeDevices', mergeKey: 'devicePath' },
  { path: '**/volumes', mergeKey: 'name' },
  { path: '**/imagePullSecrets', mergeKey: 'name' },
  { path: '**/hostAliases', mergeKey: 'ip' },
  { path: '**/topologySpreadConstraints', mergeKey: 'topologyKey' },
  { path: '**/resourceClaims', mergeKey: 'name' },
  { path: 'spec/ports', mergeKey: 'port', kinds: ['Service'] },
  { path: 'metadata/ownerReferences', mergeKey: 'uid' },
  { path: 'metadata/finalizers' },
  { path: 'status/conditions', mergeKey: 'type' },
  { path: 'status/addresses', mergeKey: 'type', kinds: ['Node'] },
  { path: 'status/containerStatuses', mergeKey: 'name' },
];

function matches(pattern: string, path: string[]): boolean {
  const parts = pattern.split('/');
  if (parts[0] === '**') {
    const suffix = parts.slice(1);
    return (
      path.length >= suffix.length &&
      suffix.every((p, i) => path[path.length - suffix.length + i] === p)
    );
  }
  return parts.length === path.length && parts.every((p, i) => path[i] === p);
}

/** How the list at `path` of a `kind` object merges; undefined means it is replaced. */
export function listStrategy(
  kind: string,
  path: string[],
): { mergeKey?: string } | undefined {
  const found = LIST_STRATEGIES.find(
    s => (!s.kinds || s.kinds.includes(kind)) && matches(s.path, path),
  );
  return found ? { mergeKey: found.mergeKey } : undefined;
}
