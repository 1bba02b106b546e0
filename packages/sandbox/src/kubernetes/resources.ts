import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import {
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-models/autoscaling/v1';
import { HorizontalPodAutoscaler as HpaV2 } from 'kubernetes-models/autoscaling/v2';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Event as EventV1 } from 'kubernetes-models/events.k8s.io/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import {
  ConfigMap,
  Event,
  LimitRange,
  Namespace,
  Node,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import {
  coreEventToEventsV1,
  eventsV1FieldToCore,
  eventsV1ToCoreEvent,
} from './kinds/eventConversion';
import {
  cronJobDefaults,
  daemonSetDefaults,
  deploymentDefaults,
  jobDefaults,
  limitRangeDefaults,
  namespaceDefaults,
  persistentVolumeClaimDefaults,
  podDefaults,
  replicaSetDefaults,
  secretDefaults,
  serviceDefaults,
  statefulSetDefaults,
} from './kinds/defaults';
import { hpaV1ToV2, hpaV2ToV1 } from './kinds/hpaConversion';
import {
  cronJobRules,
  deploymentRules,
  immutableSelector,
  jobRules,
  nodeRules,
  persistentVolumeClaimRules,
  podRules,
  serviceRules,
} from './kinds/rules';
import type { FieldError } from './status';
import type { KubernetesObject, StoredObject } from './types';

/** A kubernetes-models class; `new Model(obj).validate()` checks the official schema. */
export type ModelClass = new (data: never) => { validate(): void };

/** How names are checked: RFC 1123 subdomain or label, RFC 1035 label, or a path segment (RBAC). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

export interface KindVersion {
  version: string;
  model: ModelClass;
  /** Converts from the stored form, when this version is not the stored one. */
  fromStorage?(object: KubernetesObject): KubernetesObject;
  toStorage?(object: KubernetesObject): KubernetesObject;
}

/** An extra column of the table kubectl prints; NAME comes first. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer';
  /** 1 for the columns kubectl shows only with `-o wide`. */
  priority?: number;
  value(object: KubernetesObject): string | number;
}

export type Subresource = 'status' | 'log' | 'scale' | 'finalize';

export interface ResourceKind {
  group: string;
  resource: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  /** Served versions; the first is preferred and, unless `storage` says otherwise, stored. */
  versions: KindVersion[];
  shortNames?: string[];
  categories?: string[];
  /** `status` for the /status subresource; `log` for pods; `scale` for workloads with replicas. */
  subresources?: Subresource[];
  nameRule: NameRule;
  /** A shorter name limit than the rule's own, e.g. 52 for CronJobs. */
  maxNameLength?: number;
  /** The group and resource whose store holds these objects, when it is another's (events.k8s.io). */
  storage?: { group: string; resource: string };
  /** Custom resources take JSON merge patches only, as on a real cluster. */
  custom?: boolean;
  /** Whether `metadata.generation` is kept (bumped on spec changes). */
  tracksGeneration?: boolean;
  /** Field selector fields beyond `metadata.name` and `metadata.namespace`. */
  fields?: Record<string, (object: KubernetesObject) => unknown>;
  /** Maps a field selector field to the stored object's field. */
  fieldAlias?(field: string): string;
  defaults?(object: KubernetesObject, old?: StoredObject): void;
  rules?(object: KubernetesObject): FieldError[];
  updateRules?(object: KubernetesObject, old: KubernetesObject): FieldError[];
  /** Columns between NAME and AGE. */
  columns?: PrinterColumn[];
  /** Columns after AGE, as nodes and `-o wide` pods have them. */
  columnsAfterAge?: PrinterColumn[];
}

export const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

type Json = Record<string, unknown>;
const at = (object: KubernetesObject, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (value, key) => (value as Json | undefined)?.[key],
    object,
  );

const podFields: ResourceKind['fields'] = {
  'status.phase': o => at(o, 'status', 'phase'),
  'spec.nodeName': o => at(o, 'spec', 'nodeName') ?? '',
  'spec.restartPolicy': o => at(o, 'spec', 'restartPolicy'),
  'spec.schedulerName': o => at(o, 'spec', 'schedulerName'),
  'spec.serviceAccountName': o => at(o, 'spec', 'serviceAccountName'),
  'status.podIP': o => at(o, 'status', 'podIP') ?? '',
  'status.nominatedNodeName': o => at(o, 'status', 'nominatedNodeName') ?? '',
};

const eventFields: ResourceKind['fields'] = Object.fromEntries(
  [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'type',
  ].map(field => [
    field,
    (o: KubernetesObject) => at(o, ...field.split('.')) ?? '',
  ]),
);

/** A column showing the field at `path`, empty when unset. */
const textColumn = (name: string, ...path: string[]): PrinterColumn => ({
  name,
  type: 'string',
  value: o => String(at(o, ...path) ?? ''),
});

/** ROLE of a binding, `ClusterRole/edit`, as the server prints it. */
const roleRefColumn: PrinterColumn = {
  name: 'Role',
  type: 'string',
  value: o =>
    `${at(o, 'roleRef', 'kind') ?? ''}/${at(o, 'roleRef', 'name') ?? ''}`,
};

/** A column counting what the field at `path` holds, 0 when unset. */
const countColumn = (name: string, ...path: string[]): PrinterColumn => ({
  name,
  type: 'integer',
  value: o => Number(at(o, ...path) ?? 0),
});

/** A column showing the field at `path`, `<none>` when unset, as kubectl's wide columns do. */
const wideColumn = (name: string, ...path: string[]): PrinterColumn => ({
  name,
  type: 'string',
  priority: 1,
  value: o => String(at(o, ...path) || '<none>'),
});

/** STATUS of a node: its Ready condition, and whether it is cordoned. */
function nodeStatus(node: KubernetesObject): string {
  const ready = ((at(node, 'status', 'conditions') ?? []) as Json[]).find(
    c => c.type === 'Ready',
  );
  let status = 'Unknown';
  if (ready) status = ready.status === 'True' ? 'Ready' : 'NotReady';
  const statuses = [status];
  if (at(node, 'spec', 'unschedulable')) statuses.push('SchedulingDisabled');
  return statuses.join(',');
}

/** ROLES of a node, from its `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
function nodeRoles(node: KubernetesObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) {
      roles.add(value);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

/** A node's first address of `type`, `<none>` when it has none. */
const nodeAddress = (type: string): PrinterColumn => ({
  name: type === 'InternalIP' ? 'Internal-IP' : 'External-IP',
  type: 'string',
  priority: 1,
  value: o =>
    String(
      ((at(o, 'status', 'addresses') ?? []) as Json[]).find(
        a => a.type === type,
      )?.address ?? '<none>',
    ),
});

const nodeInfoColumn = (name: string, field: string): PrinterColumn => ({
  name,
  type: 'string',
  priority: 1,
  value: o => String(at(o, 'status', 'nodeInfo', field) || '<unknown>'),
});

/** READY of workloads: ready replicas out of those wanted. */
const readyReplicasColumn: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  value: o =>
    `${at(o, 'status', 'readyReplicas') ?? 0}/${
      at(o, 'spec', 'replicas') ?? 0
    }`,
};

/** Every kind the sandbox serves: adding a kind is adding an entry here. */
export const RESOURCE_KINDS: ResourceKind[] = [
  {
    group: '',
    resource: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    versions: [{ version: 'v1', model: Namespace }],
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
    nameRule: 'label',
    fields: { 'status.phase': o => at(o, 'status', 'phase') },
    defaults: namespaceDefaults,
    columns: [textColumn('Status', 'status', 'phase')],
  },
  {
    group: '',
    resource: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    versions: [{ version: 'v1', model: Node }],
    shortNames: ['no'],
    subresources: ['status'],
    nameRule: 'subdomain',
    fields: {
      'spec.unschedulable': o =>
        String(at(o, 'spec', 'unschedulable') ?? false),
    },
    rules: nodeRules,
    columns: [
      { name: 'Status', type: 'string', value: nodeStatus },
      { name: 'Roles', type: 'string', value: nodeRoles },
    ],
    columnsAfterAge: [
      textColumn('Version', 'status', 'nodeInfo', 'kubeletVersion'),
      nodeAddress('InternalIP'),
      nodeAddress('ExternalIP'),
      nodeInfoColumn('OS-Image', 'osImage'),
      nodeInfoColumn('Kernel-Version', 'kernelVersion'),
      nodeInfoColumn('Container-Runtime', 'containerRuntimeVersion'),
    ],
  },
  {
    group: '',
    resource: 'resourcequotas',
    singularName: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    versions: [{ version: 'v1', model: ResourceQuota }],
    shortNames: ['quota'],
    subresources: ['status'],
    nameRule: 'subdomain',
  },
  {
    group: '',
    resource: 'limitranges',
    singularName: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    versions: [{ version: 'v1', model: LimitRange }],
    shortNames: ['limits'],
    nameRule: 'subdomain',
    defaults: limitRangeDefaults,
  },
  {
    group: '',
    resource: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    versions: [{ version: 'v1', model: ServiceAccount }],
    shortNames: ['sa'],
    nameRule: 'subdomain',
    columns: [
      {
        name: 'Secrets',
        type: 'integer',
        value: o => (at(o, 'secrets') as unknown[] | undefined)?.length ?? 0,
      },
    ],
  },
  {
    group: '',
    resource: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    versions: [{ version: 'v1', model: ConfigMap }],
    shortNames: ['cm'],
    nameRule: 'subdomain',
    columns: [
      {
        name: 'Data',
        type: 'integer',
        value: o =>
          Object.keys((o.data ?? {}) as Json).length +
          Object.keys((o.binaryData ?? {}) as Json).length,
      },
    ],
  },
  {
    group: '',
    resource: 'secrets',
    singularName: 'secret',
    kind: 'Secret',
    namespaced: true,
    versions: [{ version: 'v1', model: Secret }],
    nameRule: 'subdomain',
    fields: { type: o => o.type },
    defaults: secretDefaults,
    columns: [
      textColumn('Type', 'type'),
      {
        name: 'Data',
        type: 'integer',
        value: o => Object.keys((o.data ?? {}) as Json).length,
      },
    ],
  },
  {
    group: '',
    resource: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    versions: [{ version: 'v1', model: Service }],
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'dns1035',
    defaults: serviceDefaults,
    rules: serviceRules,
    columns: [
      textColumn('Type', 'spec', 'type'),
      textColumn('Cluster-IP', 'spec', 'clusterIP'),
    ],
  },
  {
    group: '',
    resource: 'persistentvolumeclaims',
    singularName: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    versions: [{ version: 'v1', model: PersistentVolumeClaim }],
    shortNames: ['pvc'],
    subresources: ['status'],
    nameRule: 'subdomain',
    defaults: persistentVolumeClaimDefaults,
    rules: persistentVolumeClaimRules,
    columns: [
      textColumn('Status', 'status', 'phase'),
      textColumn('Volume', 'spec', 'volumeName'),
      textColumn('StorageClass', 'spec', 'storageClassName'),
    ],
  },
  {
    group: '',
    resource: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    versions: [{ version: 'v1', model: Pod }],
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
    nameRule: 'subdomain',
    fields: podFields,
    defaults: podDefaults,
    rules: podRules,
    columns: [
      {
        name: 'Ready',
        type: 'string',
        value: o => {
          const statuses = (at(o, 'status', 'containerStatuses') ??
            []) as Json[];
          const total = ((at(o, 'spec', 'containers') ?? []) as Json[]).length;
          return `${statuses.filter(s => s.ready).length}/${total}`;
        },
      },
      textColumn('Status', 'status', 'phase'),
      {
        name: 'Restarts',
        type: 'integer',
        value: o =>
          ((at(o, 'status', 'containerStatuses') ?? []) as Json[]).reduce(
            (sum, s) => sum + Number(s.restartCount ?? 0),
            0,
          ),
      },
    ],
    columnsAfterAge: [
      wideColumn('IP', 'status', 'podIP'),
      wideColumn('Node', 'spec', 'nodeName'),
      wideColumn('Nominated Node', 'status', 'nominatedNodeName'),
      {
        name: 'Readiness Gates',
        type: 'string',
        priority: 1,
        value: o => {
          const gates = (at(o, 'spec', 'readinessGates') ?? []) as Json[];
          if (!gates.length) return '<none>';
          const conditions = (at(o, 'status', 'conditions') ?? []) as Json[];
          const ready = gates.filter(g =>
            conditions.some(
              c => c.type === g.conditionType && c.status === 'True',
            ),
          ).length;
          return `${ready}/${gates.length}`;
        },
      },
    ],
  },
  {
    group: '',
    resource: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    versions: [{ version: 'v1', model: Event }],
    shortNames: ['ev'],
    nameRule: 'subdomain',
    fields: eventFields,
    columns: [
      textColumn('Type', 'type'),
      textColumn('Reason', 'reason'),
      textColumn('Message', 'message'),
    ],
  },
  {
    group: 'events.k8s.io',
    resource: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    versions: [
      {
        version: 'v1',
        model: EventV1,
        fromStorage: coreEventToEventsV1,
        toStorage: eventsV1ToCoreEvent,
      },
    ],
    shortNames: ['ev'],
    nameRule: 'subdomain',
    storage: { group: '', resource: 'events' },
    fields: eventFields,
    fieldAlias: eventsV1FieldToCore,
  },
  {
    group: 'apps',
    resource: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    versions: [{ version: 'v1', model: Deployment }],
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    nameRule: 'subdomain',
    tracksGeneration: true,
    defaults: deploymentDefaults,
    rules: deploymentRules,
    updateRules: immutableSelector,
    columns: [
      readyReplicasColumn,
      countColumn('Up-to-date', 'status', 'updatedReplicas'),
      countColumn('Available', 'status', 'availableReplicas'),
    ],
  },
  {
    group: 'apps',
    resource: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    versions: [{ version: 'v1', model: ReplicaSet }],
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    nameRule: 'subdomain',
    tracksGeneration: true,
    fields: {
      'status.replicas': o => String(at(o, 'status', 'replicas') ?? 0),
    },
    defaults: replicaSetDefaults,
    rules: deploymentRules,
    updateRules: immutableSelector,
    columns: [
      countColumn('Desired', 'spec', 'replicas'),
      countColumn('Current', 'status', 'replicas'),
      countColumn('Ready', 'status', 'readyReplicas'),
    ],
  },
  {
    group: 'apps',
    resource: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    versions: [{ version: 'v1', model: StatefulSet }],
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    nameRule: 'subdomain',
    tracksGeneration: true,
    defaults: statefulSetDefaults,
    rules: deploymentRules,
    updateRules: immutableSelector,
    columns: [readyReplicasColumn],
  },
  {
    group: 'apps',
    resource: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    versions: [{ version: 'v1', model: DaemonSet }],
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'subdomain',
    tracksGeneration: true,
    defaults: daemonSetDefaults,
    rules: deploymentRules,
    updateRules: immutableSelector,
  },
  ...(
    [
      ['roles', 'role', 'Role', true, Role],
      ['rolebindings', 'rolebinding', 'RoleBinding', true, RoleBinding],
      ['clusterroles', 'clusterrole', 'ClusterRole', false, ClusterRole],
      [
        'clusterrolebindings',
        'clusterrolebinding',
        'ClusterRoleBinding',
        false,
        ClusterRoleBinding,
      ],
    ] as const
  ).map(
    ([resource, singularName, kind, namespaced, model]): ResourceKind => ({
      group: 'rbac.authorization.k8s.io',
      resource,
      singularName,
      kind,
      namespaced,
      versions: [{ version: 'v1', model }],
      nameRule: 'path',
      ...(resource.endsWith('bindings') ? { columns: [roleRefColumn] } : {}),
    }),
  ),
  {
    group: 'networking.k8s.io',
    resource: 'networkpolicies',
    singularName: 'networkpolicy',
    kind: 'NetworkPolicy',
    namespaced: true,
    versions: [{ version: 'v1', model: NetworkPolicy }],
    shortNames: ['netpol'],
    nameRule: 'subdomain',
    tracksGeneration: true,
  },
  {
    group: 'networking.k8s.io',
    resource: 'ingresses',
    singularName: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    versions: [{ version: 'v1', model: Ingress }],
    shortNames: ['ing'],
    subresources: ['status'],
    nameRule: 'subdomain',
    tracksGeneration: true,
  },
  {
    group: 'autoscaling',
    resource: 'horizontalpodautoscalers',
    singularName: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    versions: [
      { version: 'v2', model: HpaV2 },
      {
        version: 'v1',
        model: HpaV1,
        fromStorage: hpaV2ToV1,
        toStorage: hpaV1ToV2,
      },
    ],
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'subdomain',
    tracksGeneration: true,
  },
  {
    group: 'policy',
    resource: 'poddisruptionbudgets',
    singularName: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    versions: [{ version: 'v1', model: PodDisruptionBudget }],
    shortNames: ['pdb'],
    subresources: ['status'],
    nameRule: 'subdomain',
    tracksGeneration: true,
  },
  {
    group: 'batch',
    resource: 'jobs',
    singularName: 'job',
    kind: 'Job',
    namespaced: true,
    versions: [{ version: 'v1', model: Job }],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'subdomain',
    maxNameLength: 63,
    tracksGeneration: true,
    fields: {
      'status.successful': o => String(at(o, 'status', 'succeeded') ?? 0),
    },
    defaults: jobDefaults,
    rules: jobRules,
  },
  {
    group: 'batch',
    resource: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    versions: [{ version: 'v1', model: CronJob }],
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    nameRule: 'subdomain',
    maxNameLength: 52,
    tracksGeneration: true,
    defaults: cronJobDefaults,
    rules: cronJobRules,
    columns: [textColumn('Schedule', 'spec', 'schedule')],
  },
  {
    group: 'monitoring.coreos.com',
    resource: 'servicemonitors',
    singularName: 'servicemonitor',
    kind: 'ServiceMonitor',
    namespaced: true,
    versions: [{ version: 'v1', model: ServiceMonitor }],
    shortNames: ['smon'],
    categories: ['prometheus-operator'],
    nameRule: 'subdomain',
    custom: true,
    tracksGeneration: true,
  },
  {
    group: 'monitoring.coreos.com',
    resource: 'prometheusrules',
    singularName: 'prometheusrule',
    kind: 'PrometheusRule',
    namespaced: true,
    versions: [{ version: 'v1', model: PrometheusRule }],
    shortNames: ['promrule'],
    categories: ['prometheus-operator'],
    nameRule: 'subdomain',
    custom: true,
    tracksGeneration: true,
  },
];

/** Looks kinds up by group, version and resource, and by apiVersion and kind. */
export class ResourceRegistry {
  private readonly byResource = new Map<string, ResourceKind>();
  private readonly byKind = new Map<string, ResourceKind>();

  constructor(readonly kinds: ResourceKind[] = RESOURCE_KINDS) {
    for (const kind of kinds) {
      this.byResource.set(`${kind.group}/${kind.resource}`, kind);
      for (const { version } of kind.versions) {
        this.byKind.set(
          `${apiVersionOf(kind.group, version)}/${kind.kind}`,
          kind,
        );
      }
    }
  }

  /** The kind of `group/resource`, whatever the version. */
  findResource(group: string, resource: string): ResourceKind | undefined {
    return this.byResource.get(`${group}/${resource}`);
  }

  /** The kind served at `group/version/resource`, if that version is served. */
  find(
    group: string,
    version: string,
    resource: string,
  ): ResourceKind | undefined {
    const kind = this.byResource.get(`${group}/${resource}`);
    return kind?.versions.some(v => v.version === version) ? kind : undefined;
  }

  findByKind(apiVersion: string, kind: string): ResourceKind | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Served groups, each with its versions, preferred first. */
  groups(): Array<{ name: string; versions: string[] }> {
    const groups = new Map<string, string[]>();
    for (const kind of this.kinds) {
      const versions = groups.get(kind.group) ?? [];
      for (const { version } of kind.versions) {
        if (!versions.includes(version)) versions.push(version);
      }
      groups.set(kind.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  /** Kinds served in one group version. */
  inGroupVersion(group: string, version: string): ResourceKind[] {
    return this.kinds.filter(
      k => k.group === group && k.versions.some(v => v.version === version),
    );
  }
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The stored group and resource of a kind, shared by kinds that are views of another. */
export function storageOf(kind: ResourceKind): {
  group: string;
  resource: string;
} {
  return kind.storage ?? { group: kind.group, resource: kind.resource };
}

/** The version objects of a kind are kept in. */
export function storageVersionOf(kind: ResourceKind): KindVersion {
  return kind.versions.find(v => !v.toStorage) ?? kind.versions[0];
}
