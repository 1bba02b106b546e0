export {
  PlatformClient,
  type PlatformApi,
  type PlatformConfigResponse,
  type PlatformDiscovery,
} from './PlatformClient';
