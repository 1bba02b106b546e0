import type { PrinterColumn, ResourceKind } from './resources';
import type { KubernetesObject } from './types';

/** Whether an Accept header asks for `meta.k8s.io` Tables, as `kubectl get` does. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some(
      part =>
        /as=Table/.test(part) &&
        /g=meta\.k8s\.io/.test(part) &&
        /v=v1(beta1)?\b/.test(part),
    );
}

/** `5m`, `3h`, `2d` as kubectl prints ages. */
export function humanAge(since: string | undefined, now = Date.now()): string {
  if (!since) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function partialMetadata(object: KubernetesObject) {
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata ?? {},
  };
}

/** What a row carries, as `includeObject` asks: the object, nothing, or its metadata (the default). */
function rowObject(object: KubernetesObject, includeObject?: string) {
  if (includeObject === 'Object') return object;
  if (includeObject === 'None') return undefined;
  return partialMetadata(object);
}

/**
 * A `meta.k8s.io/v1 Table`: NAME, the kind's own columns, AGE, and the
 * columns it has after AGE; each row carries the object's metadata (or the
 * object with `includeObject=Object`).
 */
export function toTable(
  kind: ResourceKind,
  objects: KubernetesObject[],
  options: {
    includeObject?: string;
    resourceVersion?: string;
    continue?: string;
    noHeaders?: boolean;
  },
) {
  const before = kind.columns ?? [];
  const after = kind.columnsAfterAge ?? [];
  const definition = (c: PrinterColumn) => ({
    name: c.name,
    type: c.type,
    format: '',
    description: c.name,
    priority: c.priority ?? 0,
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      ...(options.resourceVersion
        ? { resourceVersion: options.resourceVersion }
        : {}),
      ...(options.continue ? { continue: options.continue } : {}),
    },
    ...(options.noHeaders
      ? {}
      : {
          columnDefinitions: [
            {
              name: 'Name',
              type: 'string',
              format: 'name',
              description: 'Name must be unique within a namespace.',
              priority: 0,
            },
            ...before.map(definition),
            {
              name: 'Age',
              type: 'string',
              format: '',
              description:
                'CreationTimestamp is a timestamp representing the server time when this object was created.',
              priority: 0,
            },
            ...after.map(definition),
          ],
        }),
    rows: objects.map(object => ({
      cells: [
        object.metadata?.name ?? '',
        ...before.map(c => c.value(object)),
        humanAge(object.metadata?.creationTimestamp),
        ...after.map(c => c.value(object)),
      ],
      object: rowObject(object, options.includeObject),
    })),
  };
}
