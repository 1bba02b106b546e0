import type { Request, Response } from 'express';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  type JsonValue,
  PatchError,
  patchTypeOf,
} from '../patch';
import type { PrinterColumn, ResourceKind } from '../resources';
import {
  fromSelectorObject,
  type LabelSelectorObject,
  selectorString,
} from '../selectors';
import { badRequest, invalid, KubernetesApiError } from '../status';
import type { KubernetesStore } from '../store/KubernetesStore';
import { toTable, wantsTable } from '../table';
import type { KubernetesObject, ResourceRef } from '../types';
import { parseBody } from './body';
import { isDryRun, queryString } from './query';

type Json = Record<string, unknown>;

/** What the scale subresource answers in, whatever the parent's group. */
export const SCALE_KIND = {
  group: 'autoscaling',
  version: 'v1',
  kind: 'Scale',
};

/** The patch types a scale takes; server-side apply of a Scale is not served. */
const SCALE_PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** What `kubectl get <workload> --subresource=scale` prints, as the server's printer has it. */
const SCALE_COLUMNS: PrinterColumn[] = [
  {
    name: 'Desired',
    type: 'integer',
    value: o => Number((o.spec as Json | undefined)?.replicas ?? 0),
  },
  {
    name: 'Available',
    type: 'integer',
    value: o => Number((o.status as Json | undefined)?.replicas ?? 0),
  },
];

/** The autoscaling/v1 Scale of a workload, as the server derives it from the parent. */
export function scaleOf(parent: KubernetesObject): KubernetesObject {
  const { metadata = {} } = parent;
  const spec = (parent.spec ?? {}) as Json;
  const status = (parent.status ?? {}) as Json;
  const replicas = Number(spec.replicas ?? 0);
  const selector = spec.selector
    ? selectorString(fromSelectorObject(spec.selector as LabelSelectorObject))
    : '';
  return {
    kind: SCALE_KIND.kind,
    apiVersion: `${SCALE_KIND.group}/${SCALE_KIND.version}`,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: replicas ? { replicas } : {},
    status: {
      replicas: Number(status.replicas ?? 0),
      ...(selector ? { selector } : {}),
    },
  };
}

/** Sets the parent's replicas from a Scale, checked as the server checks it. */
function writeScale(
  store: KubernetesStore,
  ref: ResourceRef,
  parent: KubernetesObject,
  body: unknown,
  req: Request,
): KubernetesObject {
  const scale = (body ?? {}) as KubernetesObject;
  if (scale.kind !== undefined && scale.kind !== SCALE_KIND.kind) {
    throw badRequest(
      `expected input object type to be Scale, but ${String(
        scale.apiVersion,
      )}, Kind=${String(scale.kind)}`,
    );
  }
  const name = scale.metadata?.name;
  if (name !== ref.name) {
    throw badRequest(
      `the name of the object (${
        name ?? ''
      }) does not match the name on the URL (${ref.name})`,
    );
  }
  const replicas = ((scale.spec ?? {}) as Json).replicas ?? 0;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0
  ) {
    throw invalid(SCALE_KIND.group, SCALE_KIND.kind, name ?? '', [
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        value: replicas,
        detail: 'must be greater than or equal to 0',
      },
    ]);
  }
  const next = JSON.parse(JSON.stringify(parent)) as KubernetesObject;
  next.spec = { ...(next.spec as Json), replicas };
  // A Scale's resourceVersion is its parent's: a stale one is a 409 on the parent.
  next.metadata = {
    ...next.metadata,
    resourceVersion:
      scale.metadata?.resourceVersion || parent.metadata?.resourceVersion,
  };
  return scaleOf(
    store.update(ref, next, {
      dryRun: isDryRun(req),
      fieldManager: queryString(req, 'fieldManager'),
    }),
  );
}

function patchScale(
  kind: ResourceKind,
  ref: ResourceRef,
  current: KubernetesObject,
  req: Request,
): unknown {
  const type = patchTypeOf(req.headers['content-type']);
  if (!type || type === 'apply') {
    throw new KubernetesApiError(
      415,
      `the body of the request was in an unknown format - accepted media types include: ${SCALE_PATCH_TYPES.join(
        ', ',
      )}`,
      'UnsupportedMediaType',
    );
  }
  const patch = parseBody(req);
  try {
    if (type === 'json') return applyJsonPatch(current as JsonValue, patch);
    if (type === 'merge')
      return applyMergePatch(current as JsonValue, patch as JsonValue);
    return applyStrategicMergePatch(
      SCALE_KIND.kind,
      current as JsonValue,
      patch as JsonValue,
    );
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (error.code === 409)
      throw new KubernetesApiError(409, error.message, 'Conflict', {
        name: ref.name,
        group: kind.group || undefined,
        kind: kind.resource,
      });
    throw new KubernetesApiError(
      error.code,
      error.message,
      error.code === 400 ? 'BadRequest' : 'Invalid',
    );
  }
}

/**
 * `…/deployments/<name>/scale` (and replica sets', stateful sets'): get,
 * update and patch the parent's replicas through an autoscaling/v1 Scale,
 * which is what `kubectl scale` and autoscalers use.
 */
export function serveScale(
  store: KubernetesStore,
  kind: ResourceKind,
  ref: ResourceRef,
  verb: string,
  req: Request,
  res: Response,
) {
  if (!['get', 'update', 'patch'].includes(verb)) {
    throw new KubernetesApiError(
      405,
      'the server does not allow this method on the requested resource',
      'MethodNotAllowed',
    );
  }
  const parent = store.get(ref);
  switch (verb) {
    case 'get': {
      const scale = scaleOf(parent);
      res.status(200).json(
        wantsTable(req.headers.accept)
          ? toTable({ ...kind, columns: SCALE_COLUMNS }, [scale], {
              includeObject: queryString(req, 'includeObject'),
              resourceVersion: scale.metadata?.resourceVersion,
            })
          : scale,
      );
      return;
    }
    case 'update':
      res.status(200).json(writeScale(store, ref, parent, parseBody(req), req));
      return;
    default: {
      const patched = patchScale(kind, ref, scaleOf(parent), req);
      res.status(200).json(writeScale(store, ref, parent, patched, req));
    }
  }
}
