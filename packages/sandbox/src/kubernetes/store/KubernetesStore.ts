import { isDeepStrictEqual } from 'node:util';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  type JsonObject,
  type JsonValue,
  PatchError,
  serverSideApply,
  updateManagedFields,
} from '../patch';
import {
  apiVersionOf,
  type KindVersion,
  type ResourceKind,
  ResourceRegistry,
  storageOf,
  storageVersionOf,
} from '../resources';
import {
  type FieldRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  KubernetesApiError,
  notFound,
  resourceNotFound,
} from '../status';
import type { KubernetesObject, ResourceRef, StoredObject } from '../types';
import { validateObject } from '../validation';
import { ChangeLog } from './ChangeLog';
import { generateNameSuffix, newUid, timestamp } from './metadata';
import { ObjectTable } from './ObjectTable';
import type {
  AdmissionPlugin,
  DeleteOptions,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  StoreChange,
  WatchHandle,
  WatchListener,
  WatchOptions,
  WriteOptions,
} from './types';

/** A kind as addressed by a ref: the version asked for and where objects are kept. */
export interface ResolvedRef {
  kind: ResourceKind;
  version: KindVersion;
  storageKind: ResourceKind;
  /** `<group>/<resource>` of the store table. */
  table: string;
  namespace?: string;
  name?: string;
}

export interface StoreSnapshot {
  resourceVersion: number;
  objects: Array<{ table: string; object: StoredObject }>;
}

export interface KubernetesStoreOptions {
  registry?: ResourceRegistry;
  /** How many changes are kept for watches to resume from (older ones get 410 Expired). */
  changeLogSize?: number;
  /** How long a deleted namespace stays Terminating before its content goes. */
  namespaceFinalizeDelayMs?: number;
}

type Json = Record<string, unknown>;

/**
 * The cluster's objects, with the API server's semantics: resourceVersions,
 * generations, validation, admission, owner-reference and namespace
 * cascades, and watches. The HTTP layer and in-process controllers both
 * use it; it knows nothing of HTTP or authorization.
 */
export class KubernetesStore {
  readonly registry: ResourceRegistry;
  private readonly objects = new ObjectTable();
  private readonly changeLog: ChangeLog;
  private resourceVersion = 0;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly admission: AdmissionPlugin[] = [];
  private readonly queue: StoreChange[] = [];
  private draining = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly namespaceFinalizeDelayMs: number;

  constructor(options: KubernetesStoreOptions = {}) {
    this.registry = options.registry ?? new ResourceRegistry();
    this.changeLog = new ChangeLog(options.changeLogSize ?? 5000);
    this.namespaceFinalizeDelayMs = options.namespaceFinalizeDelayMs ?? 100;
  }

  /**
   * Forgets the changes kept for watches to resume from, as etcd's periodic
   * compaction does: a watch from an older resourceVersion then gets 410
   * Expired and must list again.
   */
  compact(): void {
    this.changeLog.compactTo(this.resourceVersion);
  }

  /** The latest resourceVersion, as lists report it. */
  get currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  // ---- extension points -------------------------------------------------

  /** Runs `plugin` on every create, update and delete, after validation. */
  addAdmissionPlugin(plugin: AdmissionPlugin): () => void {
    this.admission.push(plugin);
    return () => {
      const index = this.admission.indexOf(plugin);
      if (index >= 0) this.admission.splice(index, 1);
    };
  }

  /** Every change, in order, objects in their stored version: the hook for controllers. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- reading ------------------------------------------------------------

  resolve(ref: ResourceRef): ResolvedRef {
    const kind = this.registry.find(ref.group, ref.version, ref.resource);
    if (!kind) throw resourceNotFound();
    const version = kind.versions.find(v => v.version === ref.version)!;
    const storage = storageOf(kind);
    const storageKind =
      this.registry.findResource(storage.group, storage.resource) ?? kind;
    return {
      kind,
      version,
      storageKind,
      table: `${storage.group}/${storage.resource}`,
      namespace: kind.namespaced ? ref.namespace : undefined,
      name: ref.name,
    };
  }

  get(ref: ResourceRef): KubernetesObject {
    const resolved = this.resolve(ref);
    return this.present(resolved, this.require(resolved));
  }

  /** The stored object, or undefined; for controllers that check before they write. */
  find(ref: ResourceRef): KubernetesObject | undefined {
    const resolved = this.resolve(ref);
    const stored = this.objects.get(
      resolved.table,
      resolved.namespace,
      resolved.name ?? '',
    );
    return stored ? this.present(resolved, stored) : undefined;
  }

  list(ref: ResourceRef, options: ListOptions = {}): ObjectList {
    const resolved = this.resolve(ref);
    const matches = this.matcher(
      resolved,
      options.labelSelector,
      options.fieldSelector,
    );
    let entries = this.objects
      .list(resolved.table, resolved.namespace)
      .filter(([, object]) => matches(object));
    if (options.continue) {
      const after = decodeContinue(options.continue);
      entries = entries.filter(([key]) => key > after);
    }
    let next: string | undefined;
    let remaining: number | undefined;
    if (options.limit && options.limit > 0 && entries.length > options.limit) {
      remaining = entries.length - options.limit;
      entries = entries.slice(0, options.limit);
      next = encodeContinue(
        entries[entries.length - 1][0],
        this.resourceVersion,
      );
    }
    return {
      apiVersion: apiVersionOf(resolved.kind.group, resolved.version.version),
      kind: `${resolved.kind.kind}List`,
      metadata: {
        resourceVersion: this.currentResourceVersion,
        ...(next ? { continue: next, remainingItemCount: remaining } : {}),
      },
      items: entries.map(([, object]) => this.present(resolved, object)),
    };
  }

  /**
   * Streams changes to `listener` until stopped. Without a resourceVersion
   * (or with `0`) the current objects come first as ADDED events; with one,
   * the changes after it are replayed, or an ERROR event with a 410 Expired
   * Status says it is too old.
   */
  watch(
    ref: ResourceRef,
    options: WatchOptions,
    listener: WatchListener,
  ): WatchHandle {
    const resolved = this.resolve(ref);
    const matches = this.matcher(
      resolved,
      options.labelSelector,
      options.fieldSelector,
    );
    const inScope = (object: StoredObject) =>
      resolved.namespace === undefined ||
      object.metadata.namespace === resolved.namespace;
    let stopped = false;
    const deliver = (change: StoreChange) => {
      if (
        stopped ||
        `${storageOf(change.kind).group}/${storageOf(change.kind).resource}` !==
          resolved.table
      )
        return;
      if (!inScope(change.object)) return;
      const now = matches(change.object);
      const before = change.oldObject ? matches(change.oldObject) : false;
      let type: 'ADDED' | 'MODIFIED' | 'DELETED' | undefined;
      if (change.type === 'DELETED')
        type = before || now ? 'DELETED' : undefined;
      else if (change.type === 'ADDED') type = now ? 'ADDED' : undefined;
      else if (now) type = before ? 'MODIFIED' : 'ADDED';
      else if (before) type = 'DELETED';
      if (type)
        listener({ type, object: this.present(resolved, change.object) });
    };

    const from = options.resourceVersion;
    if (!from || from === '0') {
      for (const [, object] of this.objects.list(
        resolved.table,
        resolved.namespace,
      )) {
        if (matches(object))
          listener({ type: 'ADDED', object: this.present(resolved, object) });
      }
    } else {
      const version = Number(from);
      const replay = Number.isInteger(version)
        ? this.changeLog.since(version)
        : undefined;
      if (!replay) {
        listener({
          type: 'ERROR',
          object: new KubernetesApiError(
            410,
            `too old resource version: ${from} (${
              this.changeLog.compactedVersion + 1
            })`,
            'Expired',
          ).toStatus(),
        });
        return { stop: () => undefined };
      }
      replay.forEach(deliver);
    }
    if (options.sendInitialEvents) {
      listener({
        type: 'BOOKMARK',
        object: {
          kind: resolved.kind.kind,
          apiVersion: apiVersionOf(
            resolved.kind.group,
            resolved.version.version,
          ),
          metadata: {
            resourceVersion: this.currentResourceVersion,
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        },
      });
    }
    this.listeners.add(deliver);
    return {
      stop: () => {
        stopped = true;
        this.listeners.delete(deliver);
      },
    };
  }

  // ---- writing ------------------------------------------------------------

  create(
    ref: ResourceRef,
    input: KubernetesObject,
    options: WriteOptions = {},
  ): KubernetesObject {
    return this.createObject(ref, input, options, false);
  }

  /** `applied`: from server-side apply, which records its own managedFields. */
  private createObject(
    ref: ResourceRef,
    input: KubernetesObject,
    options: WriteOptions,
    applied: boolean,
  ): KubernetesObject {
    const resolved = this.resolve(ref);
    const { kind, version } = resolved;
    const object = this.checkBody(resolved, input);
    const metadata = (object.metadata = { ...(object.metadata ?? {}) });
    if (kind.namespaced) {
      if (!resolved.namespace)
        throw badRequest('the namespace of the object is required');
      metadata.namespace = resolved.namespace;
    } else {
      delete metadata.namespace;
    }
    if (!metadata.name && metadata.generateName) {
      metadata.name = `${metadata.generateName}${generateNameSuffix()}`;
    }
    if (!metadata.name) {
      throw invalid(kind.group, kind.kind, '', [
        {
          type: 'FieldValueRequired',
          field: 'metadata.name',
          detail: 'name or generateName is required',
        },
      ]);
    }
    if (resolved.name && resolved.name !== metadata.name) {
      throw badRequest(
        `the name of the object (${metadata.name}) does not match the name on the URL (${resolved.name})`,
      );
    }
    for (const key of [
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ]) {
      delete metadata[key];
    }
    if (kind.subresources?.includes('status')) delete object.status;
    kind.defaults?.(object);
    validateObject(kind, version, object);
    if (!applied && options.fieldManager !== undefined) {
      metadata.managedFields = updateManagedFields({
        kind: kind.kind,
        live: undefined,
        object: object as JsonObject,
        manager: options.fieldManager,
        apiVersion: apiVersionOf(kind.group, version.version),
        now: timestamp(),
      });
    }
    const stored = this.toStorage(resolved, object);
    this.checkNamespace(resolved, stored);
    if (
      this.objects.get(
        resolved.table,
        stored.metadata.namespace,
        stored.metadata.name,
      )
    ) {
      throw alreadyExists(kind.group, kind.resource, stored.metadata.name);
    }
    stored.metadata.uid = newUid();
    stored.metadata.creationTimestamp = timestamp();
    if (resolved.storageKind.tracksGeneration) stored.metadata.generation = 1;
    this.admit({
      operation: 'CREATE',
      kind: resolved.storageKind,
      object: stored,
      dryRun: !!options.dryRun,
      warn: message => options.warnings?.push(message),
    });
    if (options.dryRun) return this.present(resolved, stored);
    this.write(resolved, stored, 'ADDED');
    return this.present(resolved, stored);
  }

  /** PUT: replaces the object; `metadata.resourceVersion`, when given, must be the current one. */
  update(
    ref: ResourceRef,
    input: KubernetesObject,
    options: WriteOptions = {},
  ): KubernetesObject {
    return this.replace(this.resolve(ref), input, options, false);
  }

  /** PUT …/status: only the status is taken from `input`. */
  updateStatus(
    ref: ResourceRef,
    input: KubernetesObject,
    options: WriteOptions = {},
  ): KubernetesObject {
    const resolved = this.resolve(ref);
    if (!resolved.kind.subresources?.includes('status'))
      throw resourceNotFound();
    return this.replace(resolved, input, options, true);
  }

  /**
   * PUT /api/v1/namespaces/{name}/finalize: only `spec.finalizers` is taken
   * from `input`; a Terminating namespace left without finalizers goes.
   */
  updateFinalize(
    ref: ResourceRef,
    input: KubernetesObject,
    options: WriteOptions = {},
  ): KubernetesObject {
    const resolved = this.resolve(ref);
    if (!resolved.kind.subresources?.includes('finalize'))
      throw resourceNotFound();
    const current = this.present(resolved, this.require(resolved));
    const finalizers = (input?.spec as Json | undefined)?.finalizers;
    return this.replace(
      resolved,
      {
        ...current,
        metadata: {
          ...current.metadata,
          resourceVersion:
            input?.metadata?.resourceVersion ??
            current.metadata?.resourceVersion,
        },
        spec: { ...(current.spec as Json), finalizers: finalizers ?? [] },
      },
      // Recorded under the finalize subresource by the real server; not here.
      { ...options, fieldManager: undefined },
      false,
    );
  }

  patch(
    ref: ResourceRef,
    type: PatchType,
    body: unknown,
    options: PatchOptions & { subresource?: 'status' } = {},
  ): KubernetesObject {
    const resolved = this.resolve(ref);
    const { kind } = resolved;
    const status = options.subresource === 'status';
    if (status && !kind.subresources?.includes('status'))
      throw resourceNotFound();
    if (type === 'strategic' && kind.custom) {
      throw new KubernetesApiError(
        415,
        `strategic merge patch is not supported for ${apiVersionOf(
          kind.group,
          resolved.version.version,
        )}, Kind=${kind.kind}`,
        'UnsupportedMediaType',
      );
    }
    const existing = this.objects.get(
      resolved.table,
      resolved.namespace,
      resolved.name ?? '',
    );
    try {
      if (type === 'apply') {
        return this.apply(resolved, existing, body, options);
      }
      if (!existing)
        throw notFound(kind.group, kind.resource, resolved.name ?? '');
      const current = this.present(resolved, existing) as JsonValue;
      let patched: JsonValue;
      if (type === 'json') patched = applyJsonPatch(current, body);
      else if (type === 'merge')
        patched = applyMergePatch(current, body as JsonValue);
      else
        patched = applyStrategicMergePatch(
          kind.kind,
          current,
          body as JsonValue,
        );
      return this.replace(
        resolved,
        patched as KubernetesObject,
        options,
        status,
      );
    } catch (error) {
      if (error instanceof PatchError) {
        throw error.code === 409
          ? new KubernetesApiError(409, error.message, 'Conflict', {
              name: resolved.name,
              group: kind.group || undefined,
              kind: kind.resource,
            })
          : new KubernetesApiError(
              error.code,
              error.message,
              error.code === 400 ? 'BadRequest' : 'Invalid',
            );
      }
      throw error;
    }
  }

  delete(ref: ResourceRef, options: DeleteOptions = {}): KubernetesObject {
    const resolved = this.resolve(ref);
    const { kind } = resolved;
    const existing = this.require(resolved);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== existing.metadata.uid) {
      throw conflict(
        kind.group,
        kind.resource,
        existing.metadata.name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (
      resourceVersion &&
      resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(
        kind.group,
        kind.resource,
        existing.metadata.name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    this.admit({
      operation: 'DELETE',
      kind: resolved.storageKind,
      object: existing,
      oldObject: existing,
      dryRun: !!options.dryRun,
      warn: message => options.warnings?.push(message),
    });
    const terminating = structuredClone(existing);
    terminating.metadata.deletionTimestamp ??= timestamp();
    terminating.metadata.deletionGracePeriodSeconds ??= 0;
    if (options.dryRun) return this.present(resolved, terminating);

    if (
      resolved.storageKind.kind === 'Namespace' &&
      resolved.storageKind.group === ''
    ) {
      if (!existing.metadata.deletionTimestamp) {
        (
          (terminating.status as Json | undefined) ??
          ((terminating.status = {}) as Json)
        ).phase = 'Terminating';
        this.write(resolved, terminating, 'MODIFIED');
        this.scheduleNamespaceFinalize(existing.metadata.name);
        return this.present(resolved, this.require(resolved));
      }
      // As the real registry: a namespace already terminating goes only
      // once its finalizers are done.
      if (namespaceFinalizers(existing).length) {
        throw conflict(
          kind.group,
          kind.resource,
          existing.metadata.name,
          'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
        );
      }
      return this.present(resolved, this.require(resolved));
    }
    if (existing.metadata.finalizers?.length) {
      if (!existing.metadata.deletionTimestamp)
        this.write(resolved, terminating, 'MODIFIED');
      return this.present(resolved, this.require(resolved));
    }
    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Foreground') this.cascade(existing, 'Foreground');
    this.remove(resolved, existing);
    if (policy !== 'Foreground') this.cascade(existing, policy);
    if (resolved.storageKind.kind === 'Pod') {
      // Pods answer with the object being deleted, other kinds with a Status.
      return this.present(resolved, terminating);
    }
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: {
        name: existing.metadata.name,
        group: kind.group || undefined,
        kind: kind.resource,
        uid: existing.metadata.uid,
      },
    };
  }

  deleteCollection(
    ref: ResourceRef,
    listOptions: ListOptions = {},
    options: DeleteOptions = {},
  ): ObjectList {
    const list = this.list(ref, listOptions);
    for (const item of list.items) {
      const name = item.metadata?.name;
      if (
        name &&
        this.find({ ...ref, namespace: item.metadata?.namespace, name })
      ) {
        this.delete(
          { ...ref, namespace: item.metadata?.namespace, name },
          options,
        );
      }
    }
    return {
      ...list,
      metadata: { resourceVersion: this.currentResourceVersion },
    };
  }

  // ---- persistence ----------------------------------------------------------

  snapshot(): StoreSnapshot {
    return {
      resourceVersion: this.resourceVersion,
      objects: [...this.objects.all()].map(([table, object]) => ({
        table,
        object,
      })),
    };
  }

  /** Replaces everything with a snapshot; older versions can no longer be watched from. */
  restore(snapshot: StoreSnapshot) {
    this.objects.clear();
    for (const { table, object } of snapshot.objects)
      this.objects.put(table, object);
    this.resourceVersion = snapshot.resourceVersion;
    this.changeLog.compactTo(snapshot.resourceVersion);
    for (const [, object] of this.objects.list('/namespaces')) {
      if (object.metadata.deletionTimestamp)
        this.scheduleNamespaceFinalize(object.metadata.name);
    }
  }

  /** Cancels pending namespace finalizations. */
  close() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- internals ------------------------------------------------------------

  private require(resolved: ResolvedRef): StoredObject {
    const stored = this.objects.get(
      resolved.table,
      resolved.namespace,
      resolved.name ?? '',
    );
    if (!stored)
      throw notFound(
        resolved.kind.group,
        resolved.kind.resource,
        resolved.name ?? '',
      );
    return stored;
  }

  /** The body's apiVersion and kind must be the URL's; missing ones are filled in. */
  private checkBody(
    resolved: ResolvedRef,
    input: KubernetesObject,
  ): KubernetesObject {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      throw badRequest(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      );
    }
    const { kind, version } = resolved;
    const expected = apiVersionOf(kind.group, version.version);
    const object = structuredClone(input);
    if (object.apiVersion && object.apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (object.kind && object.kind !== kind.kind) {
      throw badRequest(
        `${object.kind} in version "${version.version}" cannot be handled as a ${kind.kind}: no kind "${object.kind}" is registered for version "${expected}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
      );
    }
    object.apiVersion = expected;
    object.kind = kind.kind;
    return object;
  }

  private checkNamespace(resolved: ResolvedRef, object: StoredObject) {
    const { namespace, name } = object.metadata;
    if (!resolved.kind.namespaced || !namespace) return;
    const ns = this.objects.get('/namespaces', undefined, namespace);
    if (!ns) throw notFound('', 'namespaces', namespace);
    if (ns.metadata.deletionTimestamp) {
      const error = forbidden(
        resolved.kind.group,
        resolved.kind.resource,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
      error.details!.causes = [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ];
      throw error;
    }
  }

  private replace(
    resolved: ResolvedRef,
    input: KubernetesObject,
    options: WriteOptions,
    statusOnly: boolean,
    applied = false,
  ): KubernetesObject {
    const { kind, version } = resolved;
    const existing = this.require(resolved);
    const object = this.checkBody(resolved, input);
    const metadata = (object.metadata = { ...(object.metadata ?? {}) });
    if (metadata.name !== undefined && metadata.name !== resolved.name) {
      throw badRequest(
        `the name of the object (${metadata.name}) does not match the name on the URL (${resolved.name})`,
      );
    }
    if (
      kind.namespaced &&
      metadata.namespace !== undefined &&
      metadata.namespace !== resolved.namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (
      metadata.resourceVersion &&
      metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(kind.group, kind.resource, existing.metadata.name);
    }
    const current = this.present(resolved, existing);
    let next: KubernetesObject;
    if (statusOnly) {
      next = { ...current, status: object.status };
    } else {
      next = object;
      next.metadata = {
        ...metadata,
        name: existing.metadata.name,
        namespace: existing.metadata.namespace,
      };
      if (kind.subresources?.includes('status')) next.status = current.status;
      kind.defaults?.(next, existing);
      validateObject(kind, version, next, current);
      if (!applied && options.fieldManager !== undefined) {
        next.metadata.managedFields = updateManagedFields({
          kind: kind.kind,
          live: current as JsonObject,
          object: next as JsonObject,
          manager: options.fieldManager,
          apiVersion: apiVersionOf(kind.group, version.version),
          now: timestamp(),
        });
      }
    }
    const stored = this.toStorage(resolved, next);
    const meta = stored.metadata;
    for (const key of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ] as const) {
      if (existing.metadata[key] === undefined) delete meta[key];
      else (meta as Json)[key] = existing.metadata[key];
    }
    if (
      resolved.storageKind.tracksGeneration &&
      specChanged(existing, stored)
    ) {
      meta.generation = (existing.metadata.generation ?? 0) + 1;
    }
    if (!meta.managedFields && existing.metadata.managedFields)
      meta.managedFields = existing.metadata.managedFields;
    meta.resourceVersion = existing.metadata.resourceVersion;
    this.admit({
      operation: 'UPDATE',
      kind: resolved.storageKind,
      object: stored,
      oldObject: existing,
      dryRun: !!options.dryRun,
      warn: message => options.warnings?.push(message),
    });
    // A write that changes nothing is no write, whatever order the client
    // sent the fields in.
    if (sameJson(stored, existing)) {
      return current;
    }
    if (options.dryRun) return this.present(resolved, stored);
    if (
      meta.deletionTimestamp &&
      !meta.finalizers?.length &&
      !namespaceFinalizers(stored).length
    ) {
      // The last finalizer is gone: the deletion completes.
      this.remove(resolved, stored);
      this.cascade(stored, 'Background');
      return this.present(resolved, stored);
    }
    this.write(resolved, stored, 'MODIFIED', existing);
    return this.present(resolved, stored);
  }

  private apply(
    resolved: ResolvedRef,
    existing: StoredObject | undefined,
    body: unknown,
    options: PatchOptions,
  ): KubernetesObject {
    const { kind, version } = resolved;
    const applied = body as JsonObject;
    if (!applied || typeof applied !== 'object' || Array.isArray(applied)) {
      throw badRequest(
        'error decoding YAML: the applied configuration must be an object',
      );
    }
    const expected = apiVersionOf(kind.group, version.version);
    if (!applied.apiVersion || !applied.kind) {
      throw badRequest('invalid object type: /, Kind=');
    }
    if (!options.fieldManager) {
      throw badRequest(
        'PATCH, application/apply-patch+yaml requests must have a fieldManager',
      );
    }
    const { object, managedFields } = serverSideApply({
      kind: kind.kind,
      live: existing
        ? (this.present(resolved, existing) as JsonObject)
        : undefined,
      applied,
      manager: options.fieldManager,
      force: !!options.force,
      apiVersion: expected,
      now: timestamp(),
    });
    (object.metadata as JsonObject) = {
      ...(object.metadata as JsonObject),
      managedFields: managedFields as unknown as JsonValue,
    };
    if (!existing) {
      return this.createObject(
        {
          group: kind.group,
          version: version.version,
          resource: kind.resource,
          namespace: resolved.namespace,
        },
        {
          ...(object as KubernetesObject),
          metadata: { ...(object.metadata as Json), name: resolved.name },
        },
        options,
        true,
      );
    }
    return this.replace(
      resolved,
      object as KubernetesObject,
      options,
      false,
      true,
    );
  }

  private toStorage(
    resolved: ResolvedRef,
    object: KubernetesObject,
  ): StoredObject {
    const converted = resolved.version.toStorage
      ? resolved.version.toStorage(object)
      : object;
    const storageVersion = storageVersionOf(resolved.storageKind);
    return {
      ...converted,
      apiVersion: apiVersionOf(
        resolved.storageKind.group,
        storageVersion.version,
      ),
      kind: resolved.storageKind.kind,
      metadata: { ...(converted.metadata as StoredObject['metadata']) },
    } as StoredObject;
  }

  /** A copy in the version asked for; callers may change it freely. */
  private present(
    resolved: ResolvedRef,
    stored: StoredObject,
  ): KubernetesObject {
    const copy = structuredClone(stored) as KubernetesObject;
    if (resolved.version.fromStorage) return resolved.version.fromStorage(copy);
    copy.apiVersion = apiVersionOf(
      resolved.kind.group,
      resolved.version.version,
    );
    copy.kind = resolved.kind.kind;
    return copy;
  }

  private matcher(
    resolved: ResolvedRef,
    labelSelector?: string,
    fieldSelector?: string,
  ): (object: StoredObject) => boolean {
    const labels = parseLabelSelector(labelSelector);
    const fields: FieldRequirement[] = parseFieldSelector(fieldSelector).map(
      r => ({
        ...r,
        field: resolved.kind.fieldAlias
          ? resolved.kind.fieldAlias(r.field)
          : r.field,
      }),
    );
    const getters = resolved.storageKind.fields ?? {};
    for (const { field } of fields) {
      if (
        field !== 'metadata.name' &&
        field !== 'metadata.namespace' &&
        !getters[field]
      ) {
        throw badRequest(`field label not supported: ${field}`);
      }
    }
    return object =>
      matchesLabels(labels, object.metadata.labels) &&
      matchesFields(fields, field => {
        if (field === 'metadata.name') return object.metadata.name;
        if (field === 'metadata.namespace')
          return object.metadata.namespace ?? '';
        return getters[field](object);
      });
  }

  private admit(request: Parameters<AdmissionPlugin['admit']>[0]) {
    for (const plugin of this.admission) plugin.admit(request);
  }

  private write(
    resolved: ResolvedRef,
    object: StoredObject,
    type: 'ADDED' | 'MODIFIED',
    oldObject?: StoredObject,
  ) {
    this.resourceVersion += 1;
    object.metadata.resourceVersion = String(this.resourceVersion);
    const previous =
      oldObject ??
      this.objects.get(
        resolved.table,
        object.metadata.namespace,
        object.metadata.name,
      );
    this.objects.put(resolved.table, object);
    this.emit(
      { type, kind: resolved.storageKind, object, oldObject: previous },
      this.resourceVersion,
    );
  }

  private remove(resolved: ResolvedRef, object: StoredObject) {
    this.resourceVersion += 1;
    const gone = structuredClone(object);
    gone.metadata.resourceVersion = String(this.resourceVersion);
    this.objects.remove(resolved.table, object);
    this.emit(
      {
        type: 'DELETED',
        kind: resolved.storageKind,
        object: gone,
        oldObject: object,
      },
      this.resourceVersion,
    );
  }

  /** Changes reach listeners in resourceVersion order, even when a listener writes. */
  private emit(change: StoreChange, resourceVersion: number) {
    this.changeLog.append({ ...change, resourceVersion });
    this.queue.push(change);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        for (const listener of [...this.listeners]) listener(next);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Deletes (or orphans) the objects `owner` owns, as the garbage collector does. */
  private cascade(
    owner: StoredObject,
    policy: 'Orphan' | 'Background' | 'Foreground',
  ) {
    for (const [table, object] of [...this.objects.all()]) {
      const refs = object.metadata.ownerReferences ?? [];
      if (!refs.some(r => r.uid === owner.metadata.uid)) continue;
      const kind = this.kindOfTable(table);
      if (!kind) continue;
      const resolved = this.resolve({
        group: kind.group,
        version: storageVersionOf(kind).version,
        resource: kind.resource,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
      });
      if (policy === 'Orphan') {
        const orphan = structuredClone(object);
        orphan.metadata.ownerReferences = refs.filter(
          r => r.uid !== owner.metadata.uid,
        );
        if (!orphan.metadata.ownerReferences.length)
          delete orphan.metadata.ownerReferences;
        this.write(resolved, orphan, 'MODIFIED', object);
      } else if (
        this.objects.get(table, object.metadata.namespace, object.metadata.name)
      ) {
        this.delete(
          {
            group: kind.group,
            version: storageVersionOf(kind).version,
            resource: kind.resource,
            namespace: object.metadata.namespace,
            name: object.metadata.name,
          },
          { propagationPolicy: policy },
        );
      }
    }
  }

  private kindOfTable(table: string): ResourceKind | undefined {
    const [group, resource] = table.split('/');
    return this.registry.findResource(group, resource);
  }

  private scheduleNamespaceFinalize(namespace: string) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finalizeNamespace(namespace);
    }, this.namespaceFinalizeDelayMs);
    timer.unref?.();
    this.timers.add(timer);
  }

  /**
   * What the namespace controller does for a Terminating namespace: deletes
   * its content, where an object with finalizers only gets its
   * deletionTimestamp and stays until they are removed; reports what remains
   * in the namespace's conditions and looks again later; once nothing
   * remains, takes the `kubernetes` finalizer off `spec.finalizers`, and the
   * namespace goes when no finalizer is left.
   */
  private finalizeNamespace(namespace: string) {
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const [table, object] of [...this.objects.all()]) {
      if (object.metadata.namespace !== namespace) continue;
      const kind = this.kindOfTable(table);
      const stored = this.objects.get(table, namespace, object.metadata.name);
      if (!kind || !stored) continue;
      const resolved = this.resolve({
        group: kind.group,
        version: storageVersionOf(kind).version,
        resource: kind.resource,
        namespace,
        name: object.metadata.name,
      });
      if (!stored.metadata.finalizers?.length) {
        this.remove(resolved, stored);
        continue;
      }
      if (!stored.metadata.deletionTimestamp) {
        const terminating = structuredClone(stored);
        terminating.metadata.deletionTimestamp = timestamp();
        terminating.metadata.deletionGracePeriodSeconds = 0;
        this.write(resolved, terminating, 'MODIFIED', stored);
      }
      const resource = `${kind.resource}.${kind.group}`;
      remaining.set(resource, (remaining.get(resource) ?? 0) + 1);
      for (const finalizer of stored.metadata.finalizers) {
        finalizers.set(finalizer, (finalizers.get(finalizer) ?? 0) + 1);
      }
    }
    const nsRef = this.resolve({
      group: '',
      version: 'v1',
      resource: 'namespaces',
      name: namespace,
    });
    const ns = this.objects.get('/namespaces', undefined, namespace);
    if (!ns) return;
    const next = structuredClone(ns);
    const status = (next.status ?? {}) as Json;
    next.status = status;
    status.conditions = deletionConditions(
      (status.conditions as NamespaceCondition[] | undefined) ?? [],
      remaining,
      finalizers,
    );
    if (remaining.size === 0) {
      const spec = next.spec as Json | undefined;
      const left = namespaceFinalizers(next).filter(f => f !== 'kubernetes');
      if (spec?.finalizers) spec.finalizers = left;
    }
    if (
      remaining.size === 0 &&
      !namespaceFinalizers(next).length &&
      !next.metadata.finalizers?.length
    ) {
      this.remove(nsRef, ns);
      return;
    }
    if (JSON.stringify(next) !== JSON.stringify(ns)) {
      this.write(nsRef, next, 'MODIFIED', ns);
    }
    if (remaining.size > 0) this.scheduleNamespaceFinalize(namespace);
  }
}

/** A namespace's `spec.finalizers`: what must finish before it can go. */
function namespaceFinalizers(object: StoredObject): string[] {
  if (object.kind !== 'Namespace') return [];
  const finalizers = (object.spec as Json | undefined)?.finalizers;
  return Array.isArray(finalizers) ? (finalizers as string[]) : [];
}

interface NamespaceCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

/**
 * The deletion conditions the namespace controller writes, with its
 * reasons and messages; a condition keeps its lastTransitionTime while its
 * status stays.
 */
function deletionConditions(
  previous: NamespaceCondition[],
  remaining: Map<string, number>,
  finalizers: Map<string, number>,
): NamespaceCondition[] {
  const counts = (
    map: Map<string, number>,
    format: (k: string, n: number) => string,
  ) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => format(key, count))
      .join(', ');
  const wanted: Omit<NamespaceCondition, 'lastTransitionTime'>[] = [
    {
      type: 'NamespaceDeletionDiscoveryFailure',
      status: 'False',
      reason: 'ResourcesDiscovered',
      message: 'All resources successfully discovered',
    },
    {
      type: 'NamespaceDeletionGroupVersionParsingFailure',
      status: 'False',
      reason: 'ParsedGroupVersions',
      message: 'All legacy kube types successfully parsed',
    },
    {
      type: 'NamespaceDeletionContentFailure',
      status: 'False',
      reason: 'ContentDeleted',
      message:
        'All content successfully deleted, may be waiting on finalization',
    },
    remaining.size
      ? {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: `Some resources are remaining: ${counts(
            remaining,
            (resource, n) => `${resource} has ${n} resource instances`,
          )}`,
        }
      : {
          type: 'NamespaceContentRemaining',
          status: 'False',
          reason: 'ContentRemoved',
          message: 'All content successfully removed',
        },
    finalizers.size
      ? {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${counts(
            finalizers,
            (finalizer, n) => `${finalizer} in ${n} resource instances`,
          )}`,
        }
      : {
          type: 'NamespaceFinalizersRemaining',
          status: 'False',
          reason: 'ContentHasNoFinalizers',
          message: 'All content-preserving finalizers finished',
        },
  ];
  const now = timestamp();
  return wanted.map(condition => {
    const before = previous.find(c => c.type === condition.type);
    return {
      ...condition,
      lastTransitionTime:
        before && before.status === condition.status
          ? before.lastTransitionTime ?? now
          : now,
    };
  });
}

/** Equal as JSON: key order and undefined fields aside. */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(
    JSON.parse(JSON.stringify(a)),
    JSON.parse(JSON.stringify(b)),
  );
}

/** Whether anything but metadata and status changed: what bumps `generation`. */
function specChanged(before: StoredObject, after: StoredObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: StoredObject) =>
    JSON.stringify(rest);
  return strip(before) !== strip(after);
}

function encodeContinue(key: string, resourceVersion: number): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: resourceVersion, start: key }),
  ).toString('base64');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(
      Buffer.from(token, 'base64').toString('utf8'),
    ) as { start?: unknown };
    if (typeof parsed.start === 'string') return parsed.start;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}
