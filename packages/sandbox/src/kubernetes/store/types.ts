import type { ResourceKind } from '../resources';
import type { KubernetesObject, StoredObject, WatchEvent } from '../types';

export interface ListOptions {
  /** `app=web,tier in (a,b),!canary` */
  labelSelector?: string;
  /** `metadata.name=x,status.phase!=Running` */
  fieldSelector?: string;
  limit?: number;
  /** The token of the previous page's `metadata.continue`. */
  continue?: string;
}

export interface ObjectList extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    resourceVersion: string;
    continue?: string;
    remainingItemCount?: number;
  };
  items: KubernetesObject[];
}

export interface WriteOptions {
  /** Validate and admit, change nothing (`dryRun=All`). */
  dryRun?: boolean;
  /** Who writes, e.g. `kubectl-client-side-apply`; recorded by server-side apply. */
  fieldManager?: string;
  /** Receives the admission plugins' warnings, which the API answers as `Warning` headers. */
  warnings?: string[];
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take over fields other managers own. */
  force?: boolean;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Replay changes after this version; current state as ADDED events when absent or `0`. */
  resourceVersion?: string;
  /** Send a BOOKMARK marking the end of the initial ADDED events. */
  sendInitialEvents?: boolean;
}

/** A stopped-or-running subscription to changes. */
export interface WatchHandle {
  stop(): void;
}

export type WatchListener = (event: WatchEvent) => void;

/** A change of a stored object, for controllers; objects are in their stored version. */
export interface StoreChange {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: ResourceKind;
  object: StoredObject;
  oldObject?: StoredObject;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What an admission plugin sees of a write, before it is stored. */
export interface AdmissionRequest {
  operation: Operation;
  kind: ResourceKind;
  /** The object as it will be stored; a plugin may change it (mutating admission). */
  object: StoredObject;
  oldObject?: StoredObject;
  dryRun: boolean;
  /** Adds a warning to the answer (e.g. `would violate PodSecurity ...`); the write goes on. */
  warn?(message: string): void;
}

/**
 * A hook run on every write, like an admission plugin of the real server:
 * mutate `request.object` or throw a KubernetesApiError to refuse.
 */
export interface AdmissionPlugin {
  name: string;
  admit(request: AdmissionRequest): void;
}
