import type { Request, Response } from 'express';
import { authorize, type Caller } from '../auth';
import { VIRTUAL_RESOURCES } from '../discovery';
import { PATCH_CONTENT_TYPES, patchTypeOf } from '../patch';
import { apiVersionOf, type Subresource } from '../resources';
import { badRequest, KubernetesApiError, resourceNotFound } from '../status';
import type { KubernetesStore } from '../store/KubernetesStore';
import type { DeleteOptions, ListOptions } from '../store/types';
import { toTable, wantsTable } from '../table';
import type { KubernetesObject, ResourceRef } from '../types';
import { serveWatch } from '../watch';
import { accessReview } from './accessReviews';
import { parseBody } from './body';
import type { ApiPath } from './parsePath';
import { serveScale } from './scale';
import {
  isDryRun,
  queryBoolean,
  queryNumber,
  queryString,
  queryValues,
} from './query';

type ResourcePath = Extract<ApiPath, { type: 'resource' }>;

function listOptions(req: Request): ListOptions {
  return {
    labelSelector: queryString(req, 'labelSelector'),
    fieldSelector: queryString(req, 'fieldSelector'),
    limit: queryNumber(req, 'limit'),
    continue: queryString(req, 'continue'),
  };
}

function deleteOptions(req: Request): DeleteOptions {
  let body: Record<string, unknown> = {};
  if (Buffer.isBuffer(req.body) && req.body.length) {
    body = parseBody(req) as Record<string, unknown>;
  }
  const policy =
    queryString(req, 'propagationPolicy') ??
    (body.propagationPolicy as string | undefined);
  if (policy && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const dryRun =
    isDryRun(req) ||
    (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    preconditions: body.preconditions as DeleteOptions['preconditions'],
    dryRun,
  };
}

/**
 * `Warning: 299 - "<text>"` headers (RFC 7234), one per warning, which
 * kubectl prints as `Warning: <text>` and client libraries hand to a
 * warning handler.
 */
function sendWarnings(res: Response, warnings: string[]) {
  if (warnings.length) {
    res.setHeader(
      'Warning',
      warnings.map(
        warning => `299 - "${warning.replace(/["\\]/g, c => `\\${c}`)}"`,
      ),
    );
  }
}

/** Which verb of the authorizer a request is. */
function verbOf(req: Request, path: ResourcePath): string {
  const collection = !path.name;
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      if (path.watchPath || queryBoolean(req, 'watch')) return 'watch';
      return collection ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return collection ? 'deletecollection' : 'delete';
    default:
      throw new KubernetesApiError(
        405,
        `the server does not allow this method on the requested resource`,
        'MethodNotAllowed',
      );
  }
}

/**
 * Who a create, update or patch is recorded for in managedFields: the
 * `fieldManager` query parameter, else the user agent up to its first `/`
 * (`kubectl/v1.30.0 (linux/amd64) …` is `kubectl`), as the real server does.
 */
function fieldManagerOf(req: Request): string {
  return (
    queryString(req, 'fieldManager') ??
    (req.headers['user-agent'] ?? '').split('/')[0].slice(0, 128)
  );
}

function checkDryRunValue(req: Request) {
  const bad = queryValues(req, 'dryRun').find(v => v !== 'All');
  if (bad)
    throw badRequest(
      `Invalid dry run value: "${bad}": supported values: "All"`,
    );
}

/** Serves one request to `/api/v1/...` or `/apis/<group>/<version>/...` for a resource. */
export function handleResource(
  store: KubernetesStore,
  caller: Caller,
  req: Request,
  res: Response,
  path: ResourcePath,
) {
  const virtual = VIRTUAL_RESOURCES.find(
    v =>
      v.group === path.group &&
      v.version === path.version &&
      v.resource === path.resource,
  );
  if (virtual) {
    if (req.method !== 'POST' || path.name) throw resourceNotFound();
    res
      .status(201)
      .json(accessReview(virtual.resource, caller, parseBody(req)));
    return;
  }
  const kind = store.registry.find(path.group, path.version, path.resource);
  if (!kind) throw resourceNotFound();
  const { subresource } = path;
  if (subresource && !kind.subresources?.includes(subresource as Subresource))
    throw resourceNotFound();
  if (path.namespace !== undefined && !kind.namespaced)
    throw resourceNotFound();

  const verb = verbOf(req, path);
  const namespace = kind.namespaced ? path.namespace : undefined;
  authorize(caller, {
    verb,
    group: path.group,
    resource: path.resource,
    subresource,
    namespace,
    name: path.name,
  });
  checkDryRunValue(req);

  const ref: ResourceRef = {
    group: path.group,
    version: path.version,
    resource: path.resource,
    namespace,
    name: path.name,
  };
  const apiVersion = apiVersionOf(kind.group, path.version);
  const table = wantsTable(req.headers.accept);
  const includeObject = queryString(req, 'includeObject');
  const send = (status: number, object: KubernetesObject) => {
    res.status(status).json(
      table && req.method === 'GET'
        ? toTable(kind, [object], {
            includeObject,
            resourceVersion: object.metadata?.resourceVersion,
          })
        : object,
    );
  };

  if (subresource === 'scale') {
    serveScale(store, kind, ref, verb, req, res);
    return;
  }

  if (subresource === 'finalize') {
    if (verb !== 'update')
      throw new KubernetesApiError(
        405,
        'the server does not allow this method on the requested resource',
        'MethodNotAllowed',
      );
    send(
      200,
      store.updateFinalize(ref, parseBody(req) as KubernetesObject, {
        dryRun: isDryRun(req),
        fieldManager: queryString(req, 'fieldManager'),
      }),
    );
    return;
  }

  if (subresource === 'log') {
    if (req.method !== 'GET') throw resourceNotFound();
    store.get(ref);
    res
      .status(200)
      .type('text/plain')
      .send(
        `The sandbox cluster runs no containers: pod "${path.name}" has no logs.\n`,
      );
    return;
  }

  // What admission plugins warn of, answered as the real server does.
  const warnings: string[] = [];
  switch (verb) {
    case 'watch': {
      const options = listOptions(req);
      const name = path.name;
      serveWatch(store, req, res, {
        ref: { ...ref, name: undefined },
        kind,
        apiVersion,
        options: {
          labelSelector: options.labelSelector,
          fieldSelector: name
            ? [`metadata.name=${name}`, options.fieldSelector]
                .filter(Boolean)
                .join(',')
            : options.fieldSelector,
          resourceVersion: queryString(req, 'resourceVersion'),
          sendInitialEvents: queryBoolean(req, 'sendInitialEvents'),
        },
        allowBookmarks: queryBoolean(req, 'allowWatchBookmarks'),
        timeoutSeconds: queryNumber(req, 'timeoutSeconds'),
        table: table ? { includeObject } : undefined,
      });
      return;
    }
    case 'list': {
      const list = store.list(ref, listOptions(req));
      if (table) {
        res.json(
          toTable(kind, list.items, {
            includeObject,
            resourceVersion: list.metadata.resourceVersion,
            continue: list.metadata.continue,
          }),
        );
      } else {
        res.json(list);
      }
      return;
    }
    case 'get':
      send(200, store.get(ref));
      return;
    case 'create': {
      if (path.name)
        throw new KubernetesApiError(
          405,
          'the server does not allow this method on the requested resource',
          'MethodNotAllowed',
        );
      const body = parseBody(req) as KubernetesObject;
      const created = store.create(ref, body, {
        dryRun: isDryRun(req),
        fieldManager: fieldManagerOf(req),
        warnings,
      });
      sendWarnings(res, warnings);
      res.status(201).json(created);
      return;
    }
    case 'update': {
      const body = parseBody(req) as KubernetesObject;
      const options = {
        dryRun: isDryRun(req),
        fieldManager: fieldManagerOf(req),
        warnings,
      };
      const updated =
        subresource === 'status'
          ? store.updateStatus(ref, body, options)
          : store.update(ref, body, options);
      sendWarnings(res, warnings);
      res.status(200).json(updated);
      return;
    }
    case 'patch': {
      const type = patchTypeOf(req.headers['content-type']);
      if (!type) {
        throw new KubernetesApiError(
          415,
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_CONTENT_TYPES.join(
            ', ',
          )}`,
          'UnsupportedMediaType',
        );
      }
      const existed = type === 'apply' && store.find(ref) !== undefined;
      const result = store.patch(ref, type, parseBody(req), {
        dryRun: isDryRun(req),
        // Server-side apply requires one; other patches default it.
        fieldManager:
          type === 'apply'
            ? queryString(req, 'fieldManager')
            : fieldManagerOf(req),
        force: queryBoolean(req, 'force'),
        subresource: subresource === 'status' ? 'status' : undefined,
        warnings,
      });
      sendWarnings(res, warnings);
      res.status(type === 'apply' && !existed ? 201 : 200).json(result);
      return;
    }
    case 'delete':
      res.status(200).json(store.delete(ref, deleteOptions(req)));
      return;
    default:
      res
        .status(200)
        .json(
          store.deleteCollection(ref, listOptions(req), deleteOptions(req)),
        );
  }
}
