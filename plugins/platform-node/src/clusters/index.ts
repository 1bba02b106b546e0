export { PlatformClusters } from './PlatformClusters';
export { readClusterDetails } from './readClusterDetails';
