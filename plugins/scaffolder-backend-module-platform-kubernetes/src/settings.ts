import type { Config } from '@backstage/config';
import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';

/** What every provisioned namespace gets besides its tier; see config.d.ts. */
export interface KubernetesSettings {
  /** The RBAC group of a catalog group. */
  groupSubject(group: CompoundEntityRef): string;
  viewGroups: CompoundEntityRef[];
  ingressNamespace: string;
  monitoringNamespace: string;
  ciServiceAccount: string;
}

export function readKubernetesSettings(config: Config): KubernetesSettings {
  const section = config.getOptionalConfig('platform.kubernetes');
  const pattern = section?.getOptionalString('groupSubject') ?? '{name}';
  return {
    groupSubject: group =>
      pattern
        .replace(/\{name\}/g, group.name)
        .replace(/\{namespace\}/g, group.namespace),
    viewGroups: (section?.getOptionalStringArray('viewGroups') ?? []).map(ref =>
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
    ingressNamespace:
      section?.getOptionalString('ingressNamespace') ?? 'ingress-nginx',
    monitoringNamespace:
      section?.getOptionalString('monitoringNamespace') ?? 'monitoring',
    ciServiceAccount:
      section?.getOptionalString('ciServiceAccount') ?? 'ci-deployer',
  };
}
