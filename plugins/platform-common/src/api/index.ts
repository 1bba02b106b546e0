export {
  PlatformClient,
  type PlatformApi,
  type PlatformConfigResponse,
  type PlatformDiscovery,
} from './PlatformClient';
export {
  isNameAvailable,
  type NameAvailability,
  type NamespaceAvailability,
  type RepositoryAvailability,
} from './availability';
export type { ServiceEnvironment, ServiceEnvironments } from './environments';
