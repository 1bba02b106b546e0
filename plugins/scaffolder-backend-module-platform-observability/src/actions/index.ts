export { createWireObservabilityAction } from './createWireObservabilityAction';
export { createUnwireObservabilityAction } from './createUnwireObservabilityAction';
export { createAnnotateCatalogAction } from './createAnnotateCatalogAction';
