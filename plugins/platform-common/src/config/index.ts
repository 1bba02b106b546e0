export type * from './types';
export {
  readPlatformConfig,
  configuredClusterNames,
  PlatformConfigError,
} from './readPlatformConfig';
export { namespaceFor, DEFAULT_NAMESPACE_PATTERN } from './namespaces';
