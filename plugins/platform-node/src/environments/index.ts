export {
  listServicePreviews,
  readServiceNamespace,
  type LiveNamespace,
  type ReadOptions,
  type ServiceNamespace,
} from './serviceNamespaces';
