export { startKubernetesServer } from './server';
export type { KubernetesServer, KubernetesServerOptions } from './server';
export type {
  AnonymousAccess,
  AzureAuthentication,
  GoogleAuthentication,
  KubernetesToken,
  KubernetesTokenRule,
} from './auth';
export type { AwsIamAuthentication, AwsIamIdentity } from './awsIam';
export { KubernetesStore } from './store/KubernetesStore';
export type {
  KubernetesStoreOptions,
  StoreSnapshot,
} from './store/KubernetesStore';
export type * from './store/types';
export { RESOURCE_KINDS, ResourceRegistry } from './resources';
export type { ResourceKind, KindVersion, PrinterColumn } from './resources';
export { KubernetesApiError } from './status';
export type { StatusBody, StatusCause } from './status';
export type {
  KubernetesObject,
  ObjectMeta,
  OwnerReference,
  ResourceRef,
  StoredObject,
  WatchEvent,
} from './types';
