/** An owner of an object, whose deletion deletes the object too. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Any Kubernetes object as it travels over the wire. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** An object as the store holds it: the server-set metadata is always there. */
export interface StoredObject extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & {
    name: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
  };
}

/**
 * Which objects an operation is about, as in a URL:
 * `/apis/<group>/<version>/namespaces/<namespace>/<resource>/<name>`.
 * `group` is `''` for the core API.
 */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** A `{ type, object }` line of a watch stream. */
export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KubernetesObject;
}

/** What the sandbox logs through. */
export type { SandboxLogger } from '../logger';
