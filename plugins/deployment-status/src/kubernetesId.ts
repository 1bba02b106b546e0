import type { Entity } from '@backstage/catalog-model';

/** The annotation the backend finds an entity's workloads by. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** The id the entity's workloads carry, as the backend reads it. */
export function kubernetesIdOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
    entity.metadata.name
  );
}

/**
 * Where the tab and the card appear: components that say which workloads
 * are theirs. Without the annotation the backend would guess by name, which
 * is fine for a direct call but not worth a tab on every component.
 */
export const hasDeploymentStatus = {
  kind: 'component',
  [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: { $exists: true },
};
