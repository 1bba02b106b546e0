import {
  addQuantities,
  formatQuantity,
  parseQuantity,
  type Quantity,
  ZERO,
} from '@internal/plugin-platform-common';
import { qualifiedResource, forbidden } from './status';
import type { KubernetesStore } from './store/KubernetesStore';
import type { AdmissionPlugin } from './store/types';
import type { KubernetesObject, StoredObject } from './types';

type Json = Record<string, unknown>;

const COMPUTE = [
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
] as const;
/** `cpu` and `memory` in a quota mean their requests. */
const ALIASES: Record<string, string> = {
  cpu: 'requests.cpu',
  memory: 'requests.memory',
};
/** Resources a quota can count by their short names. */
const COUNTED: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  resourcequotas: 'resourcequotas',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
};

/**
 * An extended resource's quota key (`requests.nvidia.com/gpu`): a quota
 * limits those by their requests only, under a fully qualified name.
 */
function isExtended(key: string): boolean {
  return key.startsWith('requests.') && key.includes('/');
}

/** Keys a quota counts from its pods' containers. */
function isPodResource(key: string): boolean {
  return (COMPUTE as readonly string[]).includes(key) || isExtended(key);
}

/** `requests.storage`: the storage all the namespace's claims request. */
const STORAGE = 'requests.storage';

const claimStorage = (claim: KubernetesObject): Quantity =>
  parseQuantity(
    (
      ((claim.spec as Json | undefined)?.resources as Json | undefined)
        ?.requests as Json | undefined
    )?.storage,
  ) ?? ZERO;

function isTerminal(pod: KubernetesObject): boolean {
  const phase = (pod.status as Json | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * What one pod takes of each compute resource (and of the extended
 * resources among `keys`): the containers' sum, or the largest init container.
 */
export function podUsage(
  pod: KubernetesObject,
  keys: readonly string[] = COMPUTE,
): Record<string, Quantity> {
  const spec = (pod.spec ?? {}) as Json;
  const usage: Record<string, Quantity> = {};
  const read = (container: Json, key: string) => {
    // The resource name may hold dots itself (`requests.nvidia.com/gpu`).
    const dot = key.indexOf('.');
    const [section, resource] = [key.slice(0, dot), key.slice(dot + 1)];
    const resources = (container.resources ?? {}) as Json;
    return parseQuantity(((resources[section] ?? {}) as Json)[resource]);
  };
  for (const key of keys) {
    let sum = ZERO;
    for (const container of (spec.containers ?? []) as Json[]) {
      sum = addQuantities(sum, read(container, key) ?? ZERO);
    }
    for (const container of (spec.initContainers ?? []) as Json[]) {
      const init = read(container, key);
      if (init && init.milli > sum.milli) sum = init;
    }
    usage[key] = sum;
  }
  return usage;
}

function countKey(group: string, resource: string): string {
  return `count/${qualifiedResource(group, resource)}`;
}

/** `status.used` of a quota's `hard` keys, counted from the namespace's objects. */
export function computeUsed(
  store: KubernetesStore,
  namespace: string,
  hard: Record<string, string>,
): Record<string, string> {
  const used: Record<string, string> = {};
  const pods = () =>
    store
      .list({ group: '', version: 'v1', resource: 'pods', namespace })
      .items.filter(p => !isTerminal(p));
  for (const key of Object.keys(hard)) {
    const canonical = ALIASES[key] ?? key;
    const format = parseQuantity(hard[key])?.format ?? 'DecimalSI';
    if (isPodResource(canonical)) {
      let total = ZERO;
      for (const pod of pods())
        total = addQuantities(total, podUsage(pod, [canonical])[canonical]);
      used[key] = formatQuantity({ ...total, format });
    } else if (key === STORAGE) {
      let total = ZERO;
      const claims = store.list({
        group: '',
        version: 'v1',
        resource: 'persistentvolumeclaims',
        namespace,
      }).items;
      for (const claim of claims)
        total = addQuantities(total, claimStorage(claim));
      used[key] = formatQuantity({ ...total, format });
    } else if (key === 'pods') {
      used[key] = String(pods().length);
    } else {
      const kind = countedKind(store, key);
      if (kind) {
        const version = kind.versions[0].version;
        used[key] = String(
          store.list({
            group: kind.group,
            version,
            resource: kind.resource,
            namespace,
          }).items.length,
        );
      }
    }
  }
  return used;
}

function findCounted(store: KubernetesStore, name: string) {
  const [resource, ...group] = name.split('.');
  return store.registry.findResource(group.join('.'), resource);
}

/** The kind an object-count quota key (`count/<resource>.<group>` or a legacy name) counts. */
function countedKind(store: KubernetesStore, key: string) {
  if (key.startsWith('count/')) return findCounted(store, key.slice(6));
  return COUNTED[key]
    ? store.registry.findResource('', COUNTED[key])
    : undefined;
}

const QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas' };

const quotasIn = (store: KubernetesStore, namespace: string) =>
  store.list({ ...QUOTAS, namespace }).items;

const hardOf = (quota: KubernetesObject) =>
  ((quota.spec as Json | undefined)?.hard ?? {}) as Record<string, string>;

/**
 * Keeps every ResourceQuota's `status.hard` and `status.used` current, as the
 * quota controller does; runs after each change in the quota's namespace.
 */
export function startQuotaStatusController(store: KubernetesStore): () => void {
  return store.onChange(change => {
    const namespace = change.object.metadata.namespace;
    if (!namespace) return;
    const quotas = quotasIn(store, namespace);
    for (const quota of quotas) {
      const hard = hardOf(quota);
      const status = { hard, used: computeUsed(store, namespace, hard) };
      if (JSON.stringify(status) !== JSON.stringify(quota.status)) {
        store.updateStatus(
          { ...QUOTAS, namespace, name: quota.metadata!.name },
          { ...quota, status },
        );
      }
    }
  });
}

/**
 * Refuses creates that would exceed a quota of the namespace, with the real
 * server's messages, and pods that leave out a resource a quota limits.
 */
export function resourceQuotaAdmission(
  store: KubernetesStore,
): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    admit({ operation, kind, object }) {
      const namespace = object.metadata.namespace;
      if (operation !== 'CREATE' || !namespace) return;
      const quotas = quotasIn(store, namespace);
      const isPod = kind.group === '' && kind.resource === 'pods';
      for (const quota of quotas) {
        const hard = hardOf(quota);
        const requested = requestedBy(kind.group, kind.resource, object, hard);
        if (!Object.keys(requested).length) continue;
        const name = quota.metadata!.name!;
        if (isPod) {
          const missing = missingResources(object, hard);
          if (missing.length) {
            throw forbidden(
              kind.group,
              kind.resource,
              object.metadata.name,
              `failed quota: ${name}: must specify ${missing.join('; ')}`,
            );
          }
        }
        const used = computeUsed(store, namespace, hard);
        const over = Object.keys(requested)
          .filter(key => {
            const limit = parseQuantity(hard[key]);
            const have = parseQuantity(used[key] ?? '0') ?? ZERO;
            return limit && have.milli + requested[key].milli > limit.milli;
          })
          .sort();
        if (over.length) {
          const list = (values: (key: string) => string) =>
            over.map(key => `${key}=${values(key)}`).join(',');
          throw forbidden(
            kind.group,
            kind.resource,
            object.metadata.name,
            `exceeded quota: ${name}, requested: ${list(key =>
              formatQuantity(requested[key]),
            )}, used: ${list(key => used[key] ?? '0')}, limited: ${list(
              key => hard[key],
            )}`,
          );
        }
      }
    },
  };
}

/** What creating `object` adds to each of a quota's `hard` keys. */
function requestedBy(
  group: string,
  resource: string,
  object: StoredObject,
  hard: Record<string, string>,
): Record<string, Quantity> {
  const requested: Record<string, Quantity> = {};
  const isPod = group === '' && resource === 'pods';
  const isClaim = group === '' && resource === 'persistentvolumeclaims';
  const keys = Object.keys(hard).map(key => ALIASES[key] ?? key);
  const usage =
    isPod && !isTerminal(object)
      ? podUsage(object, keys.filter(isPodResource))
      : undefined;
  for (const key of Object.keys(hard)) {
    const canonical = ALIASES[key] ?? key;
    if (usage && isPodResource(canonical)) {
      requested[key] = usage[canonical];
    } else if (isClaim && key === STORAGE) {
      requested[key] = claimStorage(object);
    } else if (
      key === countKey(group, resource) ||
      (group === '' && COUNTED[key] === resource)
    ) {
      requested[key] = { milli: 1000, format: 'DecimalSI' };
    }
  }
  return requested;
}

/** `requests.cpu for: app,sidecar` for each limited resource some container leaves out. */
function missingResources(
  pod: StoredObject,
  hard: Record<string, string>,
): string[] {
  const spec = (pod.spec ?? {}) as Json;
  const containers = [
    ...((spec.initContainers ?? []) as Json[]),
    ...((spec.containers ?? []) as Json[]),
  ];
  const limited = [...new Set(Object.keys(hard).map(k => ALIASES[k] ?? k))]
    .filter(k => (COMPUTE as readonly string[]).includes(k))
    .sort();
  const missing: string[] = [];
  for (const key of limited) {
    const [section, resource] = key.split('.');
    const without = containers
      .filter(
        c =>
          ((((c.resources ?? {}) as Json)[section] ?? {}) as Json)[resource] ===
          undefined,
      )
      .map(c => String(c.name));
    if (without.length) missing.push(`${key} for: ${without.join(',')}`);
  }
  return missing;
}
