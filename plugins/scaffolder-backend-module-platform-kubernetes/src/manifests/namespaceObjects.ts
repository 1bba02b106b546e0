import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  LABELS,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  limitRangeLimits,
  resourceQuotaHard,
  type PlatformTier,
} from '@internal/plugin-platform-common';
import type { Manifest } from '@internal/plugin-platform-node';
import type { KubernetesSettings } from '../settings';

export type { Manifest };

/** What one service gets in one environment. */
export interface NamespaceRequest {
  service: string;
  environment: string;
  namespace: string;
  tier: PlatformTier;
  owner: CompoundEntityRef;
  /** The catalog entity the namespace belongs to. */
  entityRef: string;
  /** The task that created the namespace (kept as it is on later runs). */
  taskId: string;
  /** When a preview namespace expires, RFC 3339; absent for any other. */
  expiresAt?: string;
}

const RBAC = 'rbac.authorization.k8s.io';

/**
 * Every object of a service's namespace, in the order they are applied (the
 * namespace first): labels, pod security, the tier's quota and limits, access
 * for the team, network isolation and a service account for CI.
 */
export function namespaceObjects(
  request: NamespaceRequest,
  settings: KubernetesSettings,
): Manifest[] {
  const { namespace, tier } = request;
  const managed = { [LABELS.managedBy]: PORTAL_NAME };
  const meta = (name: string) => ({ name, namespace, labels: managed });
  const level = tier.podSecurity;
  const namespaceSelector = (name: string) => ({
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': name },
    },
  });

  const objects: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          ...managed,
          [NAMESPACE_LABELS.team]: request.owner.name,
          [NAMESPACE_LABELS.service]: request.service,
          [NAMESPACE_LABELS.environment]: request.environment,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
        annotations: {
          [NAMESPACE_ANNOTATIONS.entityRef]: request.entityRef,
          [NAMESPACE_ANNOTATIONS.taskId]: request.taskId,
          ...(request.expiresAt && {
            [NAMESPACE_ANNOTATIONS.expiresAt]: request.expiresAt,
          }),
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('tier-quota'),
      spec: { hard: resourceQuotaHard(tier) },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('tier-limits'),
      spec: { limits: limitRangeLimits(tier) },
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: meta('team-edit'),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
      subjects: [
        {
          apiGroup: RBAC,
          kind: 'Group',
          name: settings.groupSubject(request.owner),
        },
      ],
    },
  ];
  if (settings.viewGroups.length > 0) {
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: meta('team-view'),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
      subjects: settings.viewGroups.map(group => ({
        apiGroup: RBAC,
        kind: 'Group',
        name: settings.groupSubject(group),
      })),
    });
  }
  objects.push(
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-platform-ingress'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          // Pods of the same namespace talk to each other.
          { from: [{ podSelector: {} }] },
          // The ingress controller forwards traffic in.
          { from: [namespaceSelector(settings.ingressNamespace)] },
          // Prometheus scrapes metrics.
          { from: [namespaceSelector(settings.monitoringNamespace)] },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(settings.ciServiceAccount),
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'RoleBinding',
      metadata: meta(`${settings.ciServiceAccount}-edit`),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { kind: 'ServiceAccount', name: settings.ciServiceAccount, namespace },
      ],
    },
  );
  return objects;
}
