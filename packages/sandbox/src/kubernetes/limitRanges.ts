import { parseQuantity } from '@internal/plugin-platform-common';
import { forbidden } from './status';
import type { KubernetesStore } from './store/KubernetesStore';
import type { AdmissionPlugin } from './store/types';

type Json = Record<string, unknown>;

/**
 * The LimitRanger admission plugin: containers of a new pod get the
 * namespace's default requests and limits where they set none, and the
 * pod is refused when a container exceeds a maximum or undercuts a minimum.
 */
export function limitRangerAdmission(store: KubernetesStore): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    admit({ operation, kind, object }) {
      const namespace = object.metadata.namespace;
      if (
        operation !== 'CREATE' ||
        kind.group !== '' ||
        kind.resource !== 'pods' ||
        !namespace
      )
        return;
      const ranges = store.list({
        group: '',
        version: 'v1',
        resource: 'limitranges',
        namespace,
      }).items;
      const items = ranges.flatMap(r =>
        (((r.spec as Json | undefined)?.limits ?? []) as Json[]).filter(
          i => i.type === 'Container',
        ),
      );
      if (!items.length) return;
      const spec = (object.spec ?? {}) as Json;
      const notes: string[] = [];
      for (const container of [
        ...((spec.initContainers ?? []) as Json[]),
        ...((spec.containers ?? []) as Json[]),
      ]) {
        const resources = (container.resources ?? {}) as Json;
        container.resources = resources;
        const set: Record<'request' | 'limit', string[]> = {
          request: [],
          limit: [],
        };
        for (const item of items) {
          for (const [section, source, label] of [
            ['requests', 'defaultRequest', 'request'],
            ['limits', 'default', 'limit'],
          ] as const) {
            const defaults = (item[source] ?? {}) as Record<string, string>;
            const target = (resources[section] ?? {}) as Record<string, string>;
            for (const [resource, value] of Object.entries(defaults)) {
              if (target[resource] === undefined) {
                target[resource] = value;
                set[label].push(resource);
              }
            }
            if (Object.keys(target).length) resources[section] = target;
          }
          checkBounds(
            item,
            resources,
            kind.group,
            kind.resource,
            object.metadata.name,
          );
        }
        for (const label of ['request', 'limit'] as const) {
          if (set[label].length)
            notes.push(
              `${set[label].join(', ')} ${label} for container ${
                container.name
              }`,
            );
        }
      }
      if (notes.length) {
        object.metadata.annotations = {
          ...object.metadata.annotations,
          'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join(
            '; ',
          )}`,
        };
      }
    },
  };
}

function checkBounds(
  item: Json,
  resources: Json,
  group: string,
  resource: string,
  name: string,
) {
  const limits = (resources.limits ?? {}) as Record<string, string>;
  const requests = (resources.requests ?? {}) as Record<string, string>;
  for (const [key, max] of Object.entries(
    (item.max ?? {}) as Record<string, string>,
  )) {
    const limit = parseQuantity(limits[key]);
    if (!limit) {
      throw forbidden(
        group,
        resource,
        name,
        `maximum ${key} usage per Container is ${max}.  No limit is specified`,
      );
    }
    if (limit.milli > (parseQuantity(max)?.milli ?? Infinity)) {
      throw forbidden(
        group,
        resource,
        name,
        `maximum ${key} usage per Container is ${max}, but limit is ${limits[key]}`,
      );
    }
  }
  for (const [key, min] of Object.entries(
    (item.min ?? {}) as Record<string, string>,
  )) {
    const request = parseQuantity(requests[key]);
    if (request && request.milli < (parseQuantity(min)?.milli ?? 0)) {
      throw forbidden(
        group,
        resource,
        name,
        `minimum ${key} usage per Container is ${min}, but request is ${requests[key]}`,
      );
    }
  }
}
