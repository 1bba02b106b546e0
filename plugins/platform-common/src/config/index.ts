export type * from './types';
export {
  readPlatformConfig,
  configuredClusterNames,
  PlatformConfigError,
} from './readPlatformConfig';
export {
  namespaceFor,
  DEFAULT_NAMESPACE_PATTERN,
  PREVIEW_ENVIRONMENT_PREFIX,
  MAX_PREVIEW_SUFFIX_LENGTH,
  isPreviewEnvironmentName,
  isPreviewSuffix,
  previewEnvironment,
  findEnvironment,
  resolveEnvironments,
} from './namespaces';
