import type { IPodTemplateSpec } from 'kubernetes-models/v1';
import type { KubernetesObject, ObjectMeta } from '../types';
import { controllerRef } from './objects';

/** A pod of `template`, owned by `owner`; `meta` adds the name and the controller's own labels. */
export function podFromTemplate(
  owner: KubernetesObject,
  template: IPodTemplateSpec | undefined,
  meta: {
    name?: string;
    generateName?: string;
    labels?: Record<string, string>;
  },
): KubernetesObject {
  const metadata: ObjectMeta = {
    ...(meta.name ? { name: meta.name } : { generateName: meta.generateName }),
    namespace: owner.metadata!.namespace,
    labels: { ...(template?.metadata?.labels ?? {}), ...(meta.labels ?? {}) },
    ownerReferences: [controllerRef(owner)],
  };
  if (template?.metadata?.annotations)
    metadata.annotations = { ...template.metadata.annotations };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: structuredClone(template?.spec ?? {}) as Record<string, unknown>,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
