import type { ResourceRef } from '../types';

/** Where the kinds the controllers touch live, as the store addresses them. */
export const KINDS = {
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Node: { group: '', version: 'v1', resource: 'nodes' },
  Event: { group: '', version: 'v1', resource: 'events' },
  ResourceQuota: { group: '', version: 'v1', resource: 'resourcequotas' },
} as const;

export type ControlledKind = keyof typeof KINDS;

export function refOf(
  kind: ControlledKind,
  namespace?: string,
  name?: string,
): ResourceRef {
  return { ...KINDS[kind], namespace, name };
}

/** A work-queue key: `<Kind>/<namespace>/<name>`. */
export function keyOf(
  kind: ControlledKind,
  namespace: string,
  name: string,
): string {
  return `${kind}/${namespace}/${name}`;
}

export function parseKey(key: string): {
  kind: ControlledKind;
  namespace: string;
  name: string;
} {
  const [kind, namespace, name] = key.split('/');
  return { kind: kind as ControlledKind, namespace, name };
}
